export * from './catalog';
export * from './clean';
export * from './column-kinds';
export * from './customer-catalog';
export * from './header';
export * from './validate';
export * from './export-cells';
export * from './import.schema';
