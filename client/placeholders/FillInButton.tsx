import './fillInButton.css';

/** The policy header's button to the Fill in panel, with how many placeholders are still unfilled. */
export function FillInButton({ unfilled, onOpen }: { unfilled: number; onOpen: () => void }) {
  return (
    <button type="button" className={unfilled > 0 ? "small fill-in-button unfilled" : "small fill-in-button"} aria-haspopup="dialog" onClick={onOpen} data-testid="fill-in-button">
      {unfilled > 0 ? `${unfilled} to fill in` : 'Fill in'}
    </button>
  );
}
