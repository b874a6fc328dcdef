import { EntitySchema } from 'typeorm';
import { instant, json } from '../../db/columns';

export interface Setting {
  key: string;
  value: unknown;
  updatedAt: string;
}

export const SettingEntity = new EntitySchema<Setting>({
  name: 'Setting',
  tableName: 'settings',
  columns: {
    key: { type: 'varchar', length: 100, primary: true },
    value: json(),
    updatedAt: instant(false),
  },
});
