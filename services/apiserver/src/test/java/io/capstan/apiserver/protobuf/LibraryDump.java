package io.capstan.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the field dump of the library's descriptors that gen_schema.py compares with Kubernetes'
 * Go types. A tool, not a test: run its main with the output file as the argument.
 */
public final class LibraryDump {
  private LibraryDump() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) throw new IllegalArgumentException("usage: LibraryDump <output file>");
    StringBuilder sb = new StringBuilder();
    for (FileDescriptor fd : KubeProtoSchema.libraryFiles()) {
      for (Descriptor d : fd.getMessageTypes()) {
        sb.append(d.getFullName()).append('\n');
        for (FieldDescriptor f : d.getFields()) {
          String label = f.isMapField() ? "map" : f.isRepeated() ? "repeated" : "optional";
          String type = f.isMapField()
              ? typeName(f.getMessageType().findFieldByName("key")) + "," + typeName(f.getMessageType().findFieldByName("value"))
              : typeName(f);
          sb.append(d.getFullName()).append(' ').append(f.getNumber()).append(' ').append(f.getName())
              .append(' ').append(label).append(' ').append(type).append('\n');
        }
      }
    }
    Files.writeString(Path.of(args[0]), sb);
  }

  private static String typeName(FieldDescriptor f) {
    return f.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? f.getMessageType().getName()
        : f.getType().name().toLowerCase(Locale.ROOT);
  }
}
