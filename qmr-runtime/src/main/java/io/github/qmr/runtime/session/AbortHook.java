package io.github.qmr.runtime.session;

/** The shutdown hook that deletes a session's jobs when the JVM stops mid-map (Ctrl-C, SIGTERM, System.exit). */
final class AbortHook {
    private Thread thread;

    void install(String name, Runnable abort) {
        thread = new Thread(abort, name);
        Runtime.getRuntime().addShutdownHook(thread);
    }

    void remove() {
        if (thread != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(thread);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway and finds the session ended
            }
            thread = null;
        }
    }
}
