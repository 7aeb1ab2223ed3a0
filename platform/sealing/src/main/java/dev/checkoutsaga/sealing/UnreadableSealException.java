package dev.checkoutsaga.sealing;

/** A sealed value that does not open; the message says why, never what the value was. */
public final class UnreadableSealException extends RuntimeException {

    public UnreadableSealException(String why) {
        super(why, null, false, false);
    }
}
