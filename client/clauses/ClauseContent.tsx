import type { ReactNode } from 'react';
import type { ClauseDetail } from '../../shared/api/clauses';

type DocumentNode = ClauseDetail['content'][number];

function children(node: DocumentNode): DocumentNode[] {
  return Array.isArray(node.content) ? (node.content as DocumentNode[]) : [];
}

function inline(node: DocumentNode, key: number): ReactNode {
  if (node.type === 'hardBreak') return <br key={key} />;
  if (node.type !== 'text') return null;
  let out: ReactNode = typeof node.text === 'string' ? node.text : '';
  const marks = Array.isArray(node.marks) ? (node.marks as { type: string }[]) : [];
  for (const mark of marks) {
    if (mark.type === 'bold') out = <strong>{out}</strong>;
    else if (mark.type === 'italic') out = <em>{out}</em>;
    else if (mark.type === 'code') out = <code>{out}</code>;
  }
  return <span key={key}>{out}</span>;
}

function block(node: DocumentNode, key: number): ReactNode {
  const inner = () => children(node).map(block);
  switch (node.type) {
    case 'paragraph':
      return <p key={key}>{children(node).map(inline)}</p>;
    case 'heading':
      return <h4 key={key}>{children(node).map(inline)}</h4>;
    case 'bulletList':
      return <ul key={key}>{inner()}</ul>;
    case 'orderedList':
      return <ol key={key}>{inner()}</ol>;
    case 'listItem':
      return <li key={key}>{inner()}</li>;
    case 'blockquote':
      return <blockquote key={key}>{inner()}</blockquote>;
    case 'table':
      return (
        <table key={key}>
          <tbody>{inner()}</tbody>
        </table>
      );
    case 'tableRow':
      return <tr key={key}>{inner()}</tr>;
    case 'tableHeader':
      return <th key={key}>{inner()}</th>;
    case 'tableCell':
      return <td key={key}>{inner()}</td>;
    case 'horizontalRule':
      return <hr key={key} />;
    default:
      return null;
  }
}

/** A clause's text for the preview, drawn from its document nodes (paragraphs, lists, tables). */
export function ClauseContent({ content }: { content: ClauseDetail['content'] }) {
  return <>{content.map(block)}</>;
}
