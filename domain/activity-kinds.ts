/** What the activity log records. */
export const activityKinds = ['sign_in', 'sign_out', 'sign_in_failed', 'api_key_used', 'config_changed'] as const;

/** One kind of entry in the activity log. */
export type ActivityKind = (typeof activityKinds)[number];
