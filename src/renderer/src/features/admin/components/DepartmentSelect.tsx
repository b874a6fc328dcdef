import { TreeSelect, type TreeSelectProps } from 'antd';
import type { LocalOutputs } from '../../../lib/trpc';
import { useDepartmentTree } from '../hooks/useAdmin';

type Node = LocalOutputs['org']['departments'][number];
const toTree = (nodes: Node[]): NonNullable<TreeSelectProps['treeData']> =>
  nodes.map((n) => ({ value: n.id, title: n.name, children: toTree(n.children) }));

// Picks a department from the tree (disabled ones included: people may still belong to them).
export function DepartmentSelect(props: Omit<TreeSelectProps<string>, 'treeData'>) {
  const tree = useDepartmentTree();
  return <TreeSelect treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} treeData={toTree(tree.data ?? [])} loading={tree.isPending} {...props} />;
}
