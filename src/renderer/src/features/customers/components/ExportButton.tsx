import type { CustomerListInput } from '../../../../../shared/domain/customer.schema';
import { ListExportButton } from '../../imports/components/ListExportButton';

// Exports the list as it is filtered and sorted on screen; the server applies scope and masks.
export function ExportButton({ input }: { input: CustomerListInput }) {
  const { page: _p, pageSize: _s, ...filters } = input;
  return <ListExportButton list="customers" filters={filters} testId="export-customers" />;
}
