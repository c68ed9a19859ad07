import { Fragment } from 'react';
import { Dialog } from '../components/Dialog';
import { isMac, SHORTCUT_GROUPS, SHORTCUTS, shortcutKeys, shortcutText, type Shortcut } from './shortcuts';

/** The keys of a shortcut as separate key caps: Ctrl + B, or ⌘ B on a Mac. */
function Keys({ shortcut }: { shortcut: Shortcut }) {
  const keys = shortcutKeys(shortcut);
  return (
    <span className="keys">
      <span className="visually-hidden">{shortcutText(shortcut)}</span>
      {keys.map((key, index) => (
        <Fragment key={index}>
          {index > 0 && !isMac && <span aria-hidden="true">+</span>}
          <kbd aria-hidden="true">{key}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

/** Ctrl+/ and the toolbar's "?": every shortcut of the editor, from the same list the tooltips use. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} wide>
      <div className="shortcut-groups">
        {SHORTCUT_GROUPS.map((group) => (
          <table key={group.title} className="shortcut-table">
            <caption>{group.title}</caption>
            <tbody>
              {group.ids.map((id) => (
                <tr key={id}>
                  <th scope="row">{SHORTCUTS[id].label}</th>
                  <td><Keys shortcut={SHORTCUTS[id]} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <p className="muted small-print">
        Typing also formats: <kbd>-</kbd> and a space starts a bulleted list, <kbd>1.</kbd> and a space a numbered list, <kbd>###</kbd> and a space a subheading.
      </p>
    </Dialog>
  );
}
