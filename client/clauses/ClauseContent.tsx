import type { ReactNode } from 'react';
import type { DocumentNode } from '../../shared/api/documentContent';
import { ScrollingTable } from '../editor/ScrollingTable';
import { tableRegionLabel } from '../editor/tableScrollRegion';

type Mark = { type: string; attrs?: Record<string, unknown> };
type MarkRenderer = (inner: ReactNode, attrs: Record<string, unknown>) => ReactNode;

/** Addresses a preview may link to; anything else (javascript:, data:) is shown as plain text. */
const SAFE_HREF = /^(https?:|mailto:|tel:)/i;

/**
 * How each mark of the policy schema (shared/schema/extensions.ts) looks in the preview. A mark
 * missing here is a mark the preview drops; ClauseContent.test.ts fails until it is added.
 */
export const CLAUSE_MARKS: Readonly<Record<string, MarkRenderer>> = {
  bold: (inner) => <strong>{inner}</strong>,
  italic: (inner) => <em>{inner}</em>,
  underline: (inner) => <u>{inner}</u>,
  strike: (inner) => <s>{inner}</s>,
  code: (inner) => <code>{inner}</code>,
  link: (inner, attrs) =>
    typeof attrs.href === 'string' && SAFE_HREF.test(attrs.href.trim()) ? (
      <a href={attrs.href.trim()} target="_blank" rel="noopener noreferrer">
        {inner}
      </a>
    ) : (
      inner
    ),
  // Comment threads belong to a policy, never to library text: the words show as they are.
  comment: (inner) => inner,
};

function attributes(node: { readonly [key: string]: unknown }): Record<string, unknown> {
  return typeof node.attrs === 'object' && node.attrs !== null ? (node.attrs as Record<string, unknown>) : {};
}

function children(node: DocumentNode): DocumentNode[] {
  return Array.isArray(node.content) ? (node.content as DocumentNode[]) : [];
}

function text(node: DocumentNode, key: number): ReactNode {
  let out: ReactNode = typeof node.text === 'string' ? node.text : '';
  const marks = Array.isArray(node.marks) ? (node.marks as Mark[]) : [];
  // The first mark is the outermost, as ProseMirror orders them.
  for (const mark of [...marks].reverse()) {
    const render = CLAUSE_MARKS[mark.type];
    if (render) out = render(out, attributes(mark));
  }
  return <span key={key}>{out}</span>;
}

function cellSpan(node: DocumentNode): { colSpan?: number; rowSpan?: number } {
  const attrs = attributes(node);
  const span = (value: unknown) => (typeof value === 'number' && value > 1 ? value : undefined);
  return { colSpan: span(attrs.colspan), rowSpan: span(attrs.rowspan) };
}

function plainText(node: DocumentNode): string {
  // Words inside a paragraph run on; paragraphs and list items are apart.
  return typeof node.text === 'string' ? node.text : children(node).map(plainText).join(node.type === 'paragraph' ? '' : ' ');
}

/** The words of a table's header row, or null when its first row is not one. */
function headerCells(table: DocumentNode): string[] | null {
  const row = children(table)[0];
  const cells = row ? children(row) : [];
  return cells.length && cells.every((cell) => cell.type === 'tableHeader') ? cells.map(plainText) : null;
}

type NodeRenderer = (node: DocumentNode, key: number, inner: () => ReactNode[]) => ReactNode;

/**
 * How each node of the policy schema looks in the preview. The document's frame (doc, title,
 * policySection) never occurs in a clause's text; ClauseContent.test.ts checks that every other
 * node of the schema is here.
 */
export const CLAUSE_NODES: Readonly<Record<string, NodeRenderer>> = {
  text,
  hardBreak: (_node, key) => <br key={key} />,
  paragraph: (_node, key, inner) => <p key={key}>{inner()}</p>,
  // The clause's title is the preview's heading; headings inside its text sit below it.
  heading: (_node, key, inner) => <h4 key={key}>{inner()}</h4>,
  bulletList: (_node, key, inner) => <ul key={key}>{inner()}</ul>,
  orderedList: (node, key, inner) => {
    const start = attributes(node).start;
    return (
      <ol key={key} start={typeof start === 'number' && start !== 1 ? start : undefined}>
        {inner()}
      </ol>
    );
  },
  listItem: (_node, key, inner) => <li key={key}>{inner()}</li>,
  blockquote: (_node, key, inner) => <blockquote key={key}>{inner()}</blockquote>,
  codeBlock: (node, key) => (
    <pre key={key}>
      <code>{children(node).map((child) => (typeof child.text === 'string' ? child.text : '')).join('')}</code>
    </pre>
  ),
  horizontalRule: (_node, key) => <hr key={key} />,
  table: (node, key, inner) => (
    <ScrollingTable key={key} label={tableRegionLabel(headerCells(node))}>
      <tbody>{inner()}</tbody>
    </ScrollingTable>
  ),
  tableRow: (_node, key, inner) => <tr key={key}>{inner()}</tr>,
  tableHeader: (node, key, inner) => (
    <th key={key} {...cellSpan(node)}>
      {inner()}
    </th>
  ),
  tableCell: (node, key, inner) => (
    <td key={key} {...cellSpan(node)}>
      {inner()}
    </td>
  ),
};

function render(node: DocumentNode, key: number): ReactNode {
  const renderer = CLAUSE_NODES[node.type];
  return renderer ? renderer(node, key, () => children(node).map(render)) : null;
}

/** A clause's text for the preview, drawn from its document nodes with every mark the editor has. */
export function ClauseContent({ content }: { content: readonly DocumentNode[] }) {
  return <>{content.map(render)}</>;
}
