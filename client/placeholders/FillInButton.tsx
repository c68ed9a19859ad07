import './fillInButton.css';

/**
 * The button to the Fill in panel, with how many placeholders are still unfilled. It sits at the
 * top of the document rather than in the tool row, which is full at common window widths.
 */
export function FillInButton({ unfilled, onOpen }: { unfilled: number; onOpen: () => void }) {
  return (
    <div className="fill-in-bar">
      <button type="button" className={unfilled > 0 ? 'small fill-in-button unfilled' : 'small fill-in-button'} aria-haspopup="dialog" onClick={onOpen} data-testid="fill-in-button">
        {unfilled > 0 ? `${unfilled} to fill in` : 'Fill in'}
      </button>
    </div>
  );
}
