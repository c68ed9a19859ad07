/**
 * Which occurrence of `quote` in a section the selection is, counting from 0 the way the server
 * anchors (`occurrence` of POST /threads): matches within each text block, blocks in document
 * order, each block's matches left to right without overlapping.
 *
 * `blocks` are the texts of the section's text blocks; the selection starts in block
 * `blockIndex` at character `offset`. Returns null when the quote does not start there.
 */
export function occurrenceOf(blocks: readonly string[], blockIndex: number, offset: number, quote: string): number | null {
  if (!quote) return null;
  let count = 0;
  for (const [index, text] of blocks.entries()) {
    for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + quote.length)) {
      if (index === blockIndex && at === offset) return count;
      count += 1;
    }
    if (index === blockIndex) return null;
  }
  return null;
}
