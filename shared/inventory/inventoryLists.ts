// The fixed lists of the inventory and the synergy finder, with their display names. They are
// kept apart from the validation and the finder so that the API contract (which every page of
// the client loads) can name them without bringing that code along.

export const PLATFORMS = [
  'facebook',
  'instagram',
  'linkedin',
  'x',
  'tiktok',
  'youtube',
  'threads',
  'bluesky',
  'mastodon',
  'pinterest',
  'reddit',
  'snapchat',
  'whatsapp',
  'other',
] as const;

export type Platform = (typeof PLATFORMS)[number];

export const PLATFORM_NAMES: Readonly<Record<Platform, string>> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  x: 'X (Twitter)',
  tiktok: 'TikTok',
  youtube: 'YouTube',
  threads: 'Threads',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  pinterest: 'Pinterest',
  reddit: 'Reddit',
  snapchat: 'Snapchat',
  whatsapp: 'WhatsApp',
  other: 'Other',
};

export const PURPOSES = [
  'brand-awareness',
  'recruiting',
  'lead-generation',
  'customer-support',
  'public-information',
  'internal-communication',
  'other',
] as const;

export type Purpose = (typeof PURPOSES)[number];

export const PURPOSE_NAMES: Readonly<Record<Purpose, string>> = {
  'brand-awareness': 'Brand awareness',
  recruiting: 'Recruiting',
  'lead-generation': 'Lead generation',
  'customer-support': 'Customer support',
  'public-information': 'Public information',
  'internal-communication': 'Internal communication',
  other: 'Other',
};

export const TOOL_CATEGORIES = ['monitoring', 'publishing', 'analytics', 'archiving', 'inbox'] as const;

export type ToolCategory = (typeof TOOL_CATEGORIES)[number];

/** Lower case on purpose: these names are used in the middle of sentences. */
export const TOOL_CATEGORY_NAMES: Readonly<Record<ToolCategory, string>> = {
  monitoring: 'monitoring/listening',
  publishing: 'scheduling/publishing',
  analytics: 'analytics',
  archiving: 'archiving',
  inbox: 'customer service inbox',
};

export const FINDING_KINDS = [
  'shared-tool-category',
  'shared-platform',
  'single-admin',
  'official-not-in-policy',
  'missing-department',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];
