import { createHash } from 'node:crypto';
import type { HashFunction } from '../../shared/sections';

/**
 * SHA-256 hex through node:crypto (native), for the server's section hashes and fingerprints.
 * Gives exactly the digest of shared/sections' pure-JS one: both hash the string's UTF-8 bytes
 * (a lone surrogate becomes U+FFFD in both).
 */
export const nodeSha256Hex: HashFunction = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
