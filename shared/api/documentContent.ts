import { z } from 'zod/mini';

/**
 * A ProseMirror node as JSON (`{ type, attrs?, content?, marks?, text? }`). Document content,
 * not a model: its keys are the editor schema's, so it is left open here.
 */
export const documentNodeSchema = z.looseObject({ type: z.string() }).check(z.describe('A ProseMirror node as JSON.'));
export type DocumentNode = z.infer<typeof documentNodeSchema>;
