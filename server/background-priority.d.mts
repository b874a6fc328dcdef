export declare const backgroundYields: boolean;
export declare function runInBackground(name: string): void;
