package io.github.qmr.runtime.codec;

import java.util.List;

/**
 * Which classes a qmr file may name in its trailer. A reader loads them without initializing them and refuses, before
 * decoding anything, a class that plain data never needs: code-running, class-loading, reflective and I/O types of
 * the JDK, and the well-known deserialization gadget packages of common libraries. The session folder is owner-only,
 * so this is defense in depth against a crafted file, not the only guard.
 */
final class ClassPolicy {
    /** JDK packages whose classes are plain data. */
    private static final List<String> JDK_DATA_PACKAGES = List.of("java.lang.", "java.util.", "java.time.",
            "java.math.", "java.text.", "java.net.URI", "java.nio.charset.", "java.sql.Date",
            "java.sql.Timestamp", "java.sql.Time");
    /** Sub-packages of the above that are not data. */
    private static final List<String> JDK_REFUSED = List.of("java.lang.reflect.", "java.lang.invoke.",
            "java.lang.ref.", "java.lang.instrument.", "java.lang.management.", "java.lang.module.",
            "java.util.concurrent.locks.", "java.util.logging.", "java.util.prefs.", "java.util.jar.",
            "java.util.zip.", "java.util.spi.", "java.lang.Runtime", "java.lang.Process", "java.lang.System",
            "java.lang.ClassLoader", "java.lang.Thread", "java.lang.ClassValue", "java.lang.Module",
            "java.lang.SecurityManager", "java.lang.StackWalker");
    /** Packages of libraries whose classes are used in deserialization gadget chains. */
    private static final List<String> GADGET_PACKAGES = List.of("org.apache.commons.collections.functors.",
            "org.apache.commons.collections4.functors.", "org.apache.commons.beanutils.", "org.codehaus.groovy.runtime.",
            "groovy.lang.", "org.springframework.beans.factory.", "org.springframework.aop.", "com.sun.",
            "sun.", "jdk.", "javax.", "org.apache.xalan.", "org.python.", "bsh.", "clojure.", "org.mozilla.javascript.",
            "com.mchange.v2.c3p0.", "org.hibernate.", "net.sf.json.", "com.alibaba.fastjson.");

    private ClassPolicy() {}

    /** Why the class is refused, or null if a qmr file may hold values of it. */
    static String refusal(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (element.isPrimitive()) {
            return null;
        }
        String name = element.getName();
        if (element == java.net.URL.class) {
            return "hashing or comparing a java.net.URL resolves its host name over the network (a HashSet<URL> looks"
                    + " up every host while it is decoded); use java.net.URI instead (url.toURI(), and uri.toURL()"
                    + " where a URL is needed)";
        }
        if (java.net.InetAddress.class.isAssignableFrom(element) || element == java.net.InetSocketAddress.class) {
            return "an " + element.getSimpleName() + " may stand for a host name lookup and is not plain data; send"
                    + " the host name or address as a String, or a java.net.URI, and resolve it where it is used";
        }
        if (ClassLoader.class.isAssignableFrom(element) || Thread.class.isAssignableFrom(element)
                || Process.class.isAssignableFrom(element)) {
            return "it can load classes or run code";
        }
        if (isJdk(element)) {
            if (JDK_REFUSED.stream().anyMatch(name::startsWith)
                    || JDK_DATA_PACKAGES.stream().noneMatch(name::startsWith)) {
                return "it is a JDK class that is not plain data";
            }
            return null;
        }
        if (GADGET_PACKAGES.stream().anyMatch(name::startsWith)) {
            return "its package is known for deserialization attacks";
        }
        return null;
    }

    private static boolean isJdk(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }
}
