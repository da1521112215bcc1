/**
 * Bulk revocation for incident response: one operator call revokes every key of keywarden's own
 * that a filter selects, as an asynchronous, resumable operation any instance may carry on.
 */
package io.keywarden.revocation;
