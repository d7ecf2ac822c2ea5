package space.telemetry.store.service;

import space.telemetry.http.ProblemException;

/** The author recorded with an operator's write: the token's principal name, checked before it reaches a column. */
final class Author {
    /** Longest author, as the verdicts and labels columns allow. */
    static final int MAX_LENGTH = 256;

    private Author() {
    }

    /** The principal name, or a 400 problem when it is empty, too long or holds control characters. */
    static String of(String principal) {
        if (principal == null || principal.isBlank() || principal.length() > MAX_LENGTH
                || principal.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalidParameter("Authorization", "the token's principal name must be 1-"
                    + MAX_LENGTH + " characters, without control characters");
        }
        return principal;
    }
}
