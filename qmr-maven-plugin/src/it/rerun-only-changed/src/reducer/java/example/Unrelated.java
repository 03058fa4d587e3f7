package example;

/** A class of the project that the function does not use. */
public class Unrelated {
    public static String name() {
        return "one";
    }
}
