import './fillInButton.css';

/**
 * The button to the Fill in panel, with how many placeholders are still unfilled. It sits in the
 * policy's status line, beside the sign-off progress, since both say how far the policy is.
 */
export function FillInButton({ unfilled, onOpen }: { unfilled: number; onOpen: () => void }) {
  return (
    <button type="button" className={unfilled > 0 ? 'small fill-in-button unfilled' : 'small fill-in-button'} aria-haspopup="dialog" onClick={onOpen} data-testid="fill-in-button">
      {unfilled > 0 ? `${unfilled} ${unfilled === 1 ? 'place' : 'places'} to fill in` : 'Fill in'}
    </button>
  );
}
