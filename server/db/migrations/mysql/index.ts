import { Initial1795642383634 } from './1795642383634-Initial';

export const migrations = [Initial1795642383634];
