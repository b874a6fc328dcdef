import { Initial1795642383634 } from './1795642383634-Initial';
import { CustomerArchive1795643456464 } from './1795643456464-CustomerArchive';

export const migrations = [Initial1795642383634, CustomerArchive1795643456464];
