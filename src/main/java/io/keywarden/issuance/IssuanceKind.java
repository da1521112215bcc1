package io.keywarden.issuance;

/** Why a key is being issued. */
public enum IssuanceKind {
    CREATE,
    ROTATE
}
