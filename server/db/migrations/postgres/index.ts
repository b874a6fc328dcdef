import { Initial1795642383634 } from './1795642383634-Initial';
import { CustomerArchive1795643456464 } from './1795643456464-CustomerArchive';
import { SyncMutations1795645802608 } from './1795645802608-SyncMutations';
import { ImportJobs1795646646180 } from './1795646646180-ImportJobs';
import { ImportMappingTemplates1795652564416 } from './1795652564416-ImportMappingTemplates';
import { TwoFactor1795652580351 } from './1795652580351-TwoFactor';
import { ScopeCountIndexes1796310402518 } from './1796310402518-ScopeCountIndexes';
import { ScopePageIndexes1796315021300 } from './1796315021300-ScopePageIndexes';
import { ImportJobBatches1796569034008 } from './1796569034008-ImportJobBatches';
import { DropUnusedIndexes1796574415597 } from './1796574415597-DropUnusedIndexes';
import { BytewiseKeyColumns1796603732398 } from './1796603732398-BytewiseKeyColumns';

export const migrations = [Initial1795642383634, CustomerArchive1795643456464, SyncMutations1795645802608, ImportJobs1795646646180, ImportMappingTemplates1795652564416, TwoFactor1795652580351, ScopeCountIndexes1796310402518, ScopePageIndexes1796315021300, ImportJobBatches1796569034008, DropUnusedIndexes1796574415597, BytewiseKeyColumns1796603732398];
