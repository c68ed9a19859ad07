/**
 * Stock TipTap for `npm run bench:editor`: StarterKit, tables (the templates have tables since
 * issue 21), Collaboration and CollaborationCaret over the stock y-websocket provider, nothing else. The page is told its server and room in the
 * query string (`?ws=ws://127.0.0.1:port&room=name`) and sets `data-synced` on <body> once the
 * document has arrived.
 */
import { Editor } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { TableKit } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const parameters = new URLSearchParams(location.search);
const doc = new Y.Doc();
const provider = new WebsocketProvider(parameters.get('ws') ?? '', parameters.get('room') ?? 'stock', doc, { disableBc: true });

new Editor({
  element: document.querySelector<HTMLElement>('#editor')!,
  extensions: [
    // Collaboration brings its own undo; StarterKit's would conflict with it.
    StarterKit.configure({ undoRedo: false }),
    TableKit.configure({ table: { resizable: false } }),
    Collaboration.configure({ document: doc, field: 'default' }),
    CollaborationCaret.configure({ provider, user: { name: 'Typist', color: '#1f6feb' } }),
  ],
});

provider.on('sync', (synced: boolean) => {
  if (synced) document.body.dataset.synced = 'true';
});
