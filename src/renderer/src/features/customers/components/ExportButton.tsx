import type { CustomerListInput } from '../../../../../shared/domain/customer.schema';
import { ListExportButton } from '../../imports/components/ListExportButton';

// Exports a customer list (the customers, the public pool or the recycle bin) as it is
// filtered and sorted on screen; the server applies scope, masks and the list's own right.
export function ExportButton({ input, list = 'customers' }: { input: CustomerListInput; list?: 'customers' | 'pool' | 'recycleBin' }) {
  const { page: _p, pageSize: _s, ...filters } = input;
  return <ListExportButton list={list} filters={filters} testId={`export-${list}`} />;
}
