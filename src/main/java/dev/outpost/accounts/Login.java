package dev.outpost.accounts;

/** A credential with the account it belongs to, read together on the AUTH path in one query. */
public record Login(Credential credential, Account account) {}
