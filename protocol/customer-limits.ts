// Limits on what the widget and agents may store about a customer. No zod here: the widget
// imports these and keeps zod out of its bundle.

/** `Rapport.identify({ id })`: the site's own user id. */
export const MAX_EXTERNAL_ID_LENGTH = 255;
export const MAX_EMAIL_LENGTH = 254;
export const MAX_CUSTOMER_NAME_LENGTH = 200;
export const MAX_PHONE_LENGTH = 40;
/** `hash`: hex HMAC-SHA256 of the id under the workspace's identity secret. */
export const IDENTITY_HASH_PATTERN = /^[0-9a-fA-F]{64}$/;

/** Page reports: longer URLs and titles are cut by the widget and refused by the server. */
export const MAX_PAGE_URL_LENGTH = 2048;
export const MAX_PAGE_TITLE_LENGTH = 300;
/** Pages kept per customer: the latest ones. */
export const PAGES_KEPT_PER_CUSTOMER = 50;

export const MAX_NOTES_LENGTH = 10_000;
export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;
/** Claims kept per customer (the latest ones). */
export const IDENTITIES_KEPT_PER_CUSTOMER = 20;
