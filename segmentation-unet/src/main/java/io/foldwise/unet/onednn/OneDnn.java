package io.foldwise.unet.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import io.foldwise.unet.runtime.NativeBackend;
import io.foldwise.unet.runtime.NativeBuild;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * oneDNN called directly (through JavaCPP's {@code dnnl} preset) for the U-Net's 3-D layers, on
 * ND4J arrays in channels-last layout (NDHWC, oneDNN tag {@code acdeb}).
 *
 * <p>Why: ND4J's own ops hand oneDNN NCDHW arrays and reorder every input, output and gradient to
 * and from oneDNN's preferred layouts on each call; at the 160x160x80 patch those reorders took
 * more time than the convolutions themselves (BENCHMARKS.md). Here the activations stay NDHWC, the
 * primitives are told so, and only the small weight tensors are reordered.
 *
 * <p>One CPU engine and one in-order stream per JVM; executions are serialised (the U-Net runs on
 * one thread). oneDNN keeps its own primitive cache, and {@link #cached} keeps the primitive
 * descriptors of each problem shape. Disabled with {@code -D}{@value #PROPERTY}{@code =false}
 * (then every caller falls back to ND4J's ops), and automatically when the native library does
 * not load.
 */
public final class OneDnn {
  /** System property: {@code false} turns direct oneDNN use off. */
  public static final String PROPERTY = "foldwise.onednn";

  private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);
  private static final Object LOCK = new Object();
  private static final ConcurrentHashMap<String, Object> CACHE = new ConcurrentHashMap<>();
  private static volatile Boolean available;
  private static dnnl_engine engine;
  private static dnnl_stream stream;

  private OneDnn() {}

  /**
   * True when direct oneDNN calls can be used for an array of this type: float32, not disabled by
   * {@value #PROPERTY}, native library loaded.
   */
  public static boolean usable(DataType type) {
    return type == DataType.FLOAT && available();
  }

  /** True unless disabled by {@value #PROPERTY} or the native library failed to load. */
  public static boolean available() {
    Boolean a = available;
    if (a == null) {
      synchronized (LOCK) {
        if (available == null) {
          available = load();
        }
        a = available;
      }
    }
    return a;
  }

  private static boolean load() {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
      LOG.info("direct oneDNN disabled by -D{}=false: the U-Net layers use ND4J's ops", PROPERTY);
      return false;
    }
    NativeBuild build = NativeBackend.build();
    if (!build.directOneDnn() && System.getProperty(PROPERTY) == null) {
      LOG.info("direct oneDNN off with {}={}: the U-Net layers use ND4J's ops", NativeBuild.ENV, build.label());
      return false;
    }
    try {
      if (build.maxIsa() != null) {
        // before the first primitive: oneDNN then dispatches as on a CPU without the newer ISAs
        check(dnnl_set_max_cpu_isa(isaConstant(build.maxIsa())), "dnnl_set_max_cpu_isa(" + build.maxIsa() + ")");
      }
      dnnl_engine e = new dnnl_engine();
      check(dnnl_engine_create(e, dnnl_cpu, 0), "dnnl_engine_create");
      dnnl_stream s = new dnnl_stream();
      check(dnnl_stream_create(s, e, dnnl_stream_default_flags), "dnnl_stream_create");
      engine = e;
      stream = s;
      return true;
    } catch (Throwable t) {
      LOG.warn("oneDNN could not be loaded ({}); the U-Net layers use ND4J's ops instead", t.toString());
      return false;
    }
  }

  private static int isaConstant(String isa) {
    switch (isa) {
      case "avx2":
        return dnnl_cpu_isa_avx2;
      case "avx512_core":
        return dnnl_cpu_isa_avx512_core;
      default:
        throw new IllegalArgumentException("no oneDNN ISA constant for '" + isa + "'");
    }
  }

  /**
   * The instruction set oneDNN dispatches to in this JVM (the CPU's best, or the cap of the
   * {@link NativeBuild}), e.g. {@code avx2}, {@code avx512_core}; {@code unavailable} when oneDNN is off.
   */
  public static String effectiveIsa() {
    if (!available()) {
      return "unavailable";
    }
    int isa = dnnl_get_effective_cpu_isa();
    if (isa == dnnl_cpu_isa_sse41) {
      return "sse41";
    } else if (isa == dnnl_cpu_isa_avx) {
      return "avx";
    } else if (isa == dnnl_cpu_isa_avx2) {
      return "avx2";
    } else if (isa == dnnl_cpu_isa_avx2_vnni) {
      return "avx2_vnni";
    } else if (isa == dnnl_cpu_isa_avx512_core) {
      return "avx512_core";
    } else if (isa == dnnl_cpu_isa_avx512_core_vnni) {
      return "avx512_core_vnni";
    } else if (isa == dnnl_cpu_isa_avx512_core_bf16) {
      return "avx512_core_bf16";
    } else if (isa == dnnl_cpu_isa_avx512_core_amx) {
      return "avx512_core_amx";
    }
    return "isa-0x" + Integer.toHexString(isa);
  }

  static dnnl_engine engine() {
    if (!available()) {
      throw new IllegalStateException("oneDNN is not available (see the log)");
    }
    return engine;
  }

  /** Throws when a oneDNN call did not return {@code dnnl_success}. */
  public static void check(int status, String call) {
    if (status != dnnl_success) {
      throw new IllegalStateException("oneDNN " + call + " failed with status " + status);
    }
  }

  /** A float32 memory descriptor; {@code tag} e.g. {@code dnnl_acdeb}, {@code dnnl_format_tag_any}. */
  public static dnnl_memory_desc_t md(int tag, long... dims) {
    dnnl_memory_desc_t m = new dnnl_memory_desc_t();
    check(dnnl_memory_desc_init_by_tag(m, dims.length, dims, dnnl_f32, tag), "dnnl_memory_desc_init_by_tag");
    return m;
  }

  /** A float32 memory descriptor with explicit strides (in elements) per dimension. */
  public static dnnl_memory_desc_t strided(long[] dims, long[] strides) {
    dnnl_memory_desc_t m = new dnnl_memory_desc_t();
    check(dnnl_memory_desc_init_by_strides(m, dims.length, dims, dnnl_f32, strides),
        "dnnl_memory_desc_init_by_strides");
    return m;
  }

  /**
   * A primitive descriptor for an initialised operation descriptor ({@code dnnl_*_desc_t}), with an
   * optional attribute and forward hint (both may be null).
   */
  public static dnnl_primitive_desc primitiveDesc(Pointer opDesc, dnnl_primitive_attr attr,
      dnnl_primitive_desc hint) {
    dnnl_primitive_desc pd = new dnnl_primitive_desc();
    check(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(opDesc), attr, engine(), hint),
        "dnnl_primitive_desc_create");
    return pd;
  }

  /** The primitive of a descriptor. */
  public static dnnl_primitive primitive(dnnl_primitive_desc pd) {
    dnnl_primitive p = new dnnl_primitive();
    check(dnnl_primitive_create(p, pd), "dnnl_primitive_create");
    return p;
  }

  /** One of a primitive descriptor's memory descriptors ({@code dnnl_query_src_md} etc.). */
  public static dnnl_memory_desc_t query(dnnl_primitive_desc pd, int what) {
    dnnl_memory_desc_t m = dnnl_primitive_desc_query_md(pd, what, 0);
    if (m == null || m.isNull()) {
      throw new IllegalStateException("oneDNN primitive has no memory descriptor for query " + what);
    }
    return m;
  }

  /** The implementation oneDNN chose, e.g. {@code brgconv:avx512_core}. */
  public static String implementation(dnnl_primitive_desc pd) {
    PointerPointer<BytePointer> s = new PointerPointer<>(1);
    check(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, s), "dnnl_primitive_desc_query");
    return s.get(BytePointer.class, 0).getString();
  }

  /**
   * True when an implementation name is one of oneDNN's generated (jit) kernels for whatever ISA it
   * runs on ({@code jit:avx2}, {@code brgconv:avx512_core}, {@code bnorm_tbb_jit:avx2},
   * {@code bnorm_jit:avx512_core}, {@code gemm:jit}), not a reference or plain C++ one ({@code ref:any},
   * {@code ncsp_bnorm:any}).
   */
  public static boolean isJit(String implementation) {
    String s = implementation.trim();
    return !s.contains("ref") && (s.contains("jit") || s.startsWith("brg"));
  }

  /** True when two memory descriptors describe the same layout. */
  public static boolean same(dnnl_memory_desc_t a, dnnl_memory_desc_t b) {
    return dnnl_memory_desc_equal(a, b) != 0;
  }

  /** Bytes a memory descriptor's layout occupies. */
  public static long bytes(dnnl_memory_desc_t m) {
    return dnnl_memory_desc_get_size(m);
  }

  /**
   * A value built once per key (primitive descriptors and primitives of one problem shape) and kept
   * for the JVM's lifetime; the number of distinct U-Net shapes is small.
   */
  @SuppressWarnings("unchecked")
  public static <T> T cached(String key, Supplier<T> build) {
    return (T) CACHE.computeIfAbsent(key, k -> build.get());
  }

  /**
   * The address of an array's first element, for oneDNN. The array must be float32 and laid out
   * exactly as the memory descriptor it is used with says (callers pass c-order contiguous arrays,
   * or views whose layout they describe).
   */
  public static Pointer pointer(INDArray a) {
    if (a.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("oneDNN arrays must be float32, got " + a.dataType());
    }
    // a view's data buffer already starts at the view's offset (as ND4J's own native calls assume)
    Pointer base = a.data().addressPointer();
    return new Address(base.address() + base.position() * Float.BYTES);
  }

  /** The address of an array's element {@code elements} after its first one. */
  public static Pointer pointer(INDArray a, long elements) {
    return new Address(pointer(a).address() + elements * Float.BYTES);
  }

  /** A bare address. */
  private static final class Address extends Pointer {
    Address(long address) {
      this.address = address;
    }
  }

  /**
   * True when an array's elements lie densely in c order from its offset (dimensions of size 1 may
   * have any stride).
   */
  public static boolean contiguous(INDArray a) {
    long[] shape = a.shape();
    long[] stride = a.stride();
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /** The array itself when {@link #contiguous}, else a c-order copy of it. */
  public static INDArray dense(INDArray a) {
    return contiguous(a) ? a : a.dup('c');
  }

  /** One argument of {@link #execute}: oneDNN argument id, memory descriptor, data. */
  public record Arg(int id, dnnl_memory_desc_t md, Pointer data) {}

  /** An argument whose data is an ND4J array. */
  public static Arg arg(int id, dnnl_memory_desc_t md, INDArray data) {
    return new Arg(id, md, pointer(data));
  }

  /** Runs a primitive on the stream and waits for it. */
  public static void execute(dnnl_primitive primitive, Arg... args) {
    synchronized (LOCK) {
      dnnl_memory[] memories = new dnnl_memory[args.length];
      dnnl_exec_arg_t exec = new dnnl_exec_arg_t(args.length);
      try {
        for (int i = 0; i < args.length; i++) {
          memories[i] = new dnnl_memory();
          check(dnnl_memory_create(memories[i], args[i].md(), engine(), args[i].data()), "dnnl_memory_create");
          exec.position(i).arg(args[i].id()).memory(memories[i]);
        }
        exec.position(0);
        check(dnnl_primitive_execute(primitive, stream, args.length, exec), "dnnl_primitive_execute");
        check(dnnl_stream_wait(stream), "dnnl_stream_wait");
      } finally {
        for (dnnl_memory m : memories) {
          if (m != null && !m.isNull()) {
            dnnl_memory_destroy(m);
          }
        }
        exec.close();
      }
    }
  }

  /** Copies {@code src} (layout {@code from}) into {@code dst} (layout {@code to}). */
  public static void reorder(dnnl_memory_desc_t from, Pointer src, dnnl_memory_desc_t to, Pointer dst,
      String cacheKey) {
    dnnl_primitive p = cached("reorder " + cacheKey, () -> reorderPrimitive(from, to));
    execute(p, new Arg(DNNL_ARG_FROM, from, src), new Arg(DNNL_ARG_TO, to, dst));
  }

  /** A reorder primitive from layout {@code from} to layout {@code to} (not cached). */
  public static dnnl_primitive reorderPrimitive(dnnl_memory_desc_t from, dnnl_memory_desc_t to) {
    dnnl_primitive_desc pd = new dnnl_primitive_desc();
    check(dnnl_reorder_primitive_desc_create(pd, from, engine(), to, engine(), null),
        "dnnl_reorder_primitive_desc_create");
    return primitive(pd);
  }
}
