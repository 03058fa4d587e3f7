package io.github.qmr.runtime.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * Serializes a serializable lambda through its public {@link SerializedLambda} form and rebuilds it with the
 * capturing class's own {@code $deserializeLambda$}, as Java serialization does. Kryo's ClosureSerializer reaches
 * into {@code java.lang.invoke} instead, which needs {@code --add-opens} on Java 17; this needs nothing.
 */
final class LambdaSerializer extends Serializer<Object> {
    @Override
    public void write(Kryo kryo, Output output, Object lambda) {
        SerializedLambda form = serializedForm(lambda);
        output.writeString(form.getCapturingClass());
        output.writeString(form.getFunctionalInterfaceClass());
        output.writeString(form.getFunctionalInterfaceMethodName());
        output.writeString(form.getFunctionalInterfaceMethodSignature());
        output.writeVarInt(form.getImplMethodKind(), true);
        output.writeString(form.getImplClass());
        output.writeString(form.getImplMethodName());
        output.writeString(form.getImplMethodSignature());
        output.writeString(form.getInstantiatedMethodType());
        output.writeVarInt(form.getCapturedArgCount(), true);
        for (int i = 0; i < form.getCapturedArgCount(); i++) {
            kryo.writeClassAndObject(output, form.getCapturedArg(i));
        }
    }

    private static SerializedLambda serializedForm(Object lambda) {
        try {
            Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return (SerializedLambda) writeReplace.invoke(lambda);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new KryoException("the lambda " + lambda.getClass().getName() + " is not serializable; it must"
                    + " implement a Serializable interface such as TaskFunction", e);
        }
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<? extends Object> type) {
        String capturingClass = input.readString();
        String functionalInterfaceClass = input.readString();
        String functionalInterfaceMethodName = input.readString();
        String functionalInterfaceMethodSignature = input.readString();
        int implMethodKind = input.readVarInt(true);
        String implClass = input.readString();
        String implMethodName = input.readString();
        String implMethodSignature = input.readString();
        String instantiatedMethodType = input.readString();
        Object[] captured = new Object[input.readVarInt(true)];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = kryo.readClassAndObject(input);
        }
        String capturingName = capturingClass.replace('/', '.');
        try {
            Class<?> capturing = Class.forName(capturingName, false, kryo.getClassLoader());
            SerializedLambda form = new SerializedLambda(capturing, functionalInterfaceClass,
                    functionalInterfaceMethodName, functionalInterfaceMethodSignature, implMethodKind, implClass,
                    implMethodName, implMethodSignature, instantiatedMethodType, captured);
            Method deserialize = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            deserialize.setAccessible(true);
            return deserialize.invoke(null, form);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new KryoException("cannot rebuild the lambda " + implMethodName + " of " + capturingName
                    + " (is the same version of that class on the worker's classpath?)", e);
        }
    }
}
