package io.keywarden.issuance.internal;

/** Why a key is being issued. */
enum IssuanceKind {
    CREATE,
    ROTATE
}
