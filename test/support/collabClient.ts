import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text(): string;
  destroy(): void;
}

/** A stock y-websocket provider in Node, the way any script would connect. */
export function connectClient(baseUrl: string, policyId: string, options: { headers?: Record<string, string>; connect?: boolean } = {}): TestClient {
  const doc = new Y.Doc();
  const headers = options.headers;
  class HeaderWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, headers ? { headers } : {});
    }
  }
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/collab', policyId, doc, {
    WebSocketPolyfill: HeaderWebSocket as unknown as typeof globalThis.WebSocket,
    connect: options.connect ?? true,
    disableBc: true,
    maxBackoffTime: 500,
  });
  return {
    doc,
    provider,
    text: () => doc.getXmlFragment('default').toString(),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves when the provider has finished its first sync with the server. */
export function synced(client: TestClient, timeoutMs = 10_000): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('sync timed out')), timeoutMs);
    client.provider.once('sync', (isSynced: boolean) => {
      if (isSynced) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** Polls until `check` passes or the time runs out; returns the last failure otherwise. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000, intervalMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await check();
      return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw lastError;
}

/** Appends text to the first paragraph of the first section of a policy document held in a Y.Doc. */
export function typeInFirstSection(doc: Y.Doc, text: string, sectionIndex = 0): void {
  const fragment = doc.getXmlFragment('default');
  const sections = fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'policySection');
  const section = sections[sectionIndex];
  if (!section) throw new Error(`no section ${sectionIndex}`);
  let paragraph = section.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph');
  if (!paragraph) {
    paragraph = new Y.XmlElement('paragraph');
    section.push([paragraph]);
  }
  let textNode = paragraph.get(0) as Y.XmlText | undefined;
  if (!textNode) {
    textNode = new Y.XmlText();
    paragraph.push([textNode]);
  }
  textNode.insert(textNode.length, text);
}

/** Text of a section's first paragraph. */
export function firstParagraphText(doc: Y.Doc, sectionIndex = 0): string {
  const fragment = doc.getXmlFragment('default');
  const sections = fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'policySection');
  const paragraph = sections[sectionIndex]?.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph');
  return (paragraph?.toArray() ?? []).map((node) => (node instanceof Y.XmlText ? node.toString() : '')).join('');
}

/**
 * Tries a WebSocket upgrade with the stock `ws` client. Resolves with the HTTP status of a
 * refused upgrade (from the 'unexpected-response' event), or 101 once the socket opened.
 */
export function upgradeStatus(url: string, options: { headers?: Record<string, string>; origin?: string } = {}, timeoutMs = 5_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { ...(options.headers ? { headers: options.headers } : {}), ...(options.origin ? { origin: options.origin } : {}) });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('upgrade timed out'));
    }, timeoutMs);
    socket.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      resolve(response.statusCode ?? 0);
      response.resume();
      socket.terminate();
    });
    socket.once('open', () => {
      clearTimeout(timer);
      resolve(101);
      socket.terminate();
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The section element (`policySection`) at this index of a policy document held in a Y.Doc. */
export function sectionElement(doc: Y.Doc, sectionIndex = 0): Y.XmlElement {
  const sections = doc
    .getXmlFragment('default')
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'policySection');
  const section = sections[sectionIndex];
  if (!section) throw new Error(`no section ${sectionIndex}`);
  return section;
}

/** Every section element (`policySection`) of a policy document held in a Y.Doc, in order. */
export function sectionElements(doc: Y.Doc): Y.XmlElement[] {
  return doc
    .getXmlFragment('default')
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'policySection');
}

/**
 * A stock y-websocket client signed in with a session cookie, synced, with the close codes it
 * has received; `onCleanup` gets its destroy (pass the test file's cleanup stack's push).
 */
export async function signedInClient(baseUrl: string, policyId: string, cookie: string, onCleanup: (cleanup: () => void) => void): Promise<TestClient & { closes: number[] }> {
  const client = connectClient(baseUrl, policyId, { headers: { cookie } });
  const closes: number[] = [];
  client.provider.on('connection-close', (event: { code: number } | null) => {
    if (event) closes.push(event.code);
  });
  onCleanup(() => client.destroy());
  await synced(client);
  return Object.assign(client, { closes });
}
