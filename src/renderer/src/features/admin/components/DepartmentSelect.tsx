import { TreeSelect, type TreeSelectProps } from 'antd';
import type { LocalOutputs } from '../../../lib/trpc';
import { useDepartmentTree } from '../hooks/useAdmin';

type Node = LocalOutputs['org']['departments'][number];
const toTree = (nodes: Node[], onlyEnabled: boolean): NonNullable<TreeSelectProps['treeData']> =>
  nodes.map((n) => ({ value: n.id, title: n.name, disabled: onlyEnabled && !n.enabled, children: toTree(n.children, onlyEnabled) }));

// Picks a department from the tree (disabled ones included: people may still belong to them).
// `onlyEnabled` greys out disabled ones where a choice would put someone new there.
export function DepartmentSelect({ onlyEnabled = false, ...props }: Omit<TreeSelectProps<string>, 'treeData'> & { onlyEnabled?: boolean }) {
  const tree = useDepartmentTree();
  return (
    <TreeSelect treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} treeData={toTree(tree.data ?? [], onlyEnabled)} loading={tree.isPending} {...props} />
  );
}
