package io.keywarden.faults;

/** The two protocols that mint a key: a create, and a rotation's successor. */
enum Protocol {
    CREATE,
    ROTATE;

    String auditAction() {
        return this == ROTATE ? "ROTATE_ACCESS_KEY" : "CREATE_ACCESS_KEY";
    }
}
