package io.github.qmr.maven;

import io.github.qmr.runtime.Reducer;
import io.github.qmr.runtime.TaskFunction;
import java.lang.reflect.InvocationTargetException;

/** The project's classes the goal names (function, task source, reducer), loaded and made, each mistake named. */
final class ProjectClasses {
    private ProjectClasses() {}

    static Class<?> functionClass(String name, ClassLoader loader) throws ConfigurationException {
        Class<?> type = load("function", name.strip(), loader);
        if (!TaskFunction.class.isAssignableFrom(type)) {
            throw new ConfigurationException("function", "<function> " + name + " does not implement "
                    + TaskFunction.class.getName() + "; name a class that does");
        }
        return type;
    }

    private static Class<?> load(String parameter, String name, ClassLoader loader) throws ConfigurationException {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new ConfigurationException(parameter, "<" + parameter + "> " + name + " is not on the project's"
                    + " classpath; check the class name (package included), that the project compiles it before"
                    + " this goal runs, and <classpathScope>", e);
        } catch (LinkageError e) {
            throw new ConfigurationException(parameter, "<" + parameter + "> " + name + " cannot be loaded: " + e, e);
        }
    }

    static Object instantiate(String parameter, String name, Class<?> contract, ClassLoader loader)
            throws ConfigurationException {
        Class<?> type = load(parameter, name.strip(), loader);
        if (!contract.isAssignableFrom(type)) {
            throw new ConfigurationException(parameter, "<" + parameter + "> " + name + " does not implement "
                    + contract.getName() + "; name a class that does");
        }
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ConfigurationException(parameter, "<" + parameter + "> " + name + " needs a public no-arg"
                    + " constructor (and must be public, not abstract)", e);
        } catch (InstantiationException e) {
            throw new ConfigurationException(parameter, "<" + parameter + "> " + name + " is abstract; name a"
                    + " concrete class", e);
        } catch (InvocationTargetException e) {
            throw new ConfigurationException(parameter, "<" + parameter + "> " + name + " threw in its constructor: "
                    + e.getCause(), e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    static Reducer<Object, Object, Object> reducer(String name, ClassLoader loader)
            throws ConfigurationException {
        return Pairs.isBlank(name) ? null
                : (Reducer<Object, Object, Object>) instantiate("reducer", name, Reducer.class, loader);
    }
}
