import './clauses.css';

/** The policy header's button that opens the clause library: an open book and its name. */
export function ClauseLibraryButton({ onOpen }: { onOpen: () => void }) {
  return (
    <button type="button" className="small clause-library-button" aria-haspopup="dialog" onClick={onOpen}>
      <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path d="M8 3.5C6.6 2.6 4.6 2.2 2 2.3v10.2c2.6-.1 4.6.3 6 1.2 1.4-.9 3.4-1.3 6-1.2V2.3c-2.6-.1-4.6.3-6 1.2Zm0 0v10.2" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
      </svg>
      Clause library
    </button>
  );
}
