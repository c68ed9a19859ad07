import { getMarkRange, type Editor } from '@tiptap/core';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Dialog } from '../components/Dialog';

const ALLOWED_PROTOCOLS = ['http:', 'https:', 'mailto:', 'tel:'];
/** A scheme people type on purpose; anything else before a colon ("example.com:8080") is a host. */
const SCHEME = /^([a-z][a-z0-9+.-]*):(\/\/)?/i;
const KNOWN_SCHEMES = ['http', 'https', 'mailto', 'tel', 'javascript', 'data', 'vbscript', 'file', 'blob', 'about', 'ftp'];
const EMAIL = /^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/;

/**
 * What a link's address becomes: "example.com/page" gets https://, "name@example.org" becomes a
 * mailto: link; only web pages, email and phone numbers are allowed (never javascript:).
 */
export function normalizeLinkUrl(input: string): { href: string } | { error: string } {
  const typed = input.trim();
  if (!typed) return { error: 'Enter the address the link should open.' };
  if (/\s/.test(typed)) return { error: 'A web address cannot contain spaces.' };
  const scheme = SCHEME.exec(typed);
  const hasScheme = scheme !== null && (scheme[2] !== undefined || KNOWN_SCHEMES.includes(scheme[1]!.toLowerCase()));
  const href = hasScheme ? typed : EMAIL.test(typed) ? `mailto:${typed}` : `https://${typed.replace(/^\/\//, '')}`;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return { error: 'That is not a web address. Try something like example.com/page.' };
  }
  if (!ALLOWED_PROTOCOLS.includes(url.protocol)) return { error: 'Links can open web pages (https://), email addresses (mailto:) or phone numbers (tel:) only.' };
  if ((url.protocol === 'http:' || url.protocol === 'https:') && !(url.hostname.includes('.') || url.hostname === 'localhost')) {
    return { error: 'That is not a web address. Try something like example.com/page.' };
  }
  return { href };
}

interface LinkTarget {
  from: number;
  to: number;
  text: string;
  href: string;
}

/** The text the dialog works on: the selection, or the whole link the cursor is in. */
function linkTarget(editor: Editor): LinkTarget {
  const { state } = editor;
  const { from, to, empty, $from } = state.selection;
  const linkType = state.schema.marks.link!;
  const range = (empty ? getMarkRange($from, linkType) : undefined) ?? { from, to };
  const href = editor.isActive('link') ? String(editor.getAttributes('link').href ?? '') : '';
  return { ...range, text: state.doc.textBetween(range.from, range.to, ' '), href };
}

/** Ctrl+K: add a link to the selected text, change a link's text or address, or take the link off. */
export function LinkDialog({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const [target] = useState(() => linkTarget(editor));
  const [text, setText] = useState(target.text);
  const [address, setAddress] = useState(target.href);
  const [error, setError] = useState<string | null>(null);
  const urlInput = useRef<HTMLInputElement>(null);
  const textId = useId();
  const urlId = useId();
  const errorId = useId();
  const editing = target.href !== '';

  // After the dialog has opened (and focused its first control), the address is what people type first.
  useEffect(() => {
    const input = urlInput.current;
    input?.focus();
    input?.select();
  }, []);

  const save = (event: FormEvent) => {
    event.preventDefault();
    const result = normalizeLinkUrl(address);
    if ('error' in result) {
      setError(result.error);
      urlInput.current?.focus();
      return;
    }
    const shown = text.trim() === '' ? (target.text || address.trim()) : text;
    const range = { from: target.from, to: target.to };
    const chain = editor.chain();
    if (shown === target.text && range.from !== range.to) {
      chain.setTextSelection(range).setLink({ href: result.href }).setTextSelection(range.to).unsetMark('link').run();
    } else {
      // New or changed words: the link is written with its text. Either way, typing right after it is plain text
      // (links are inclusive in the schema, because of autolink).
      chain
        .insertContentAt(range, { type: 'text', text: shown, marks: [{ type: 'link', attrs: { href: result.href } }] })
        .setTextSelection(range.from + shown.length)
        .unsetMark('link')
        .run();
    }
    onClose();
  };

  const remove = () => {
    editor.chain().setTextSelection({ from: target.from, to: target.to }).unsetLink().setTextSelection(target.to).run();
    onClose();
  };

  return (
    <Dialog title={editing ? 'Edit link' : 'Add a link'} onClose={onClose}>
      <form className="link-form" onSubmit={save} noValidate>
        <label className="field" htmlFor={textId}>
          <span>Text to show</span>
          <input id={textId} value={text} onChange={(event) => setText(event.target.value)} placeholder="The words people click" />
        </label>
        <label className="field" htmlFor={urlId}>
          <span>Link to</span>
          <input
            id={urlId}
            ref={urlInput}
            type="url"
            inputMode="url"
            value={address}
            onChange={(event) => {
              setAddress(event.target.value);
              setError(null);
            }}
            placeholder="example.com/page or name@example.org"
            aria-invalid={error !== null}
            {...(error ? { 'aria-describedby': errorId } : {})}
          />
        </label>
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          {editing && (
            <button type="button" className="danger-text link-remove" onClick={remove}>
              Remove link
            </button>
          )}
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">{editing ? 'Save link' : 'Add link'}</button>
        </div>
      </form>
    </Dialog>
  );
}
