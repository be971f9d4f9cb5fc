package dev.diffink.tornado;

/** Tests that set the stage's {@code -D} settings leave them as they found them. */
final class SystemProperties {
    private SystemProperties() {}

    /** Runs {@code body}, which may set or clear property {@code name}, then restores its value (or its absence). */
    static void restoring(String name, Runnable body) {
        String was = System.getProperty(name);
        try {
            body.run();
        } finally {
            if (was == null) System.clearProperty(name);
            else System.setProperty(name, was);
        }
    }
}
