/** A speech bubble, the comments' symbol (drawn, so it shows without an emoji font). */
export function CommentIcon() {
  return (
    <svg className="comment-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M2.5 2.5h11a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H7l-3 2.5v-2.5H2.5a1 1 0 0 1-1-1v-7a1 1 0 0 1 1-1z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}
