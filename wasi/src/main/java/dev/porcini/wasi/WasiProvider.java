package dev.porcini.wasi;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.graalvm.options.OptionMap;

import com.oracle.truffle.api.TruffleFile;
import com.oracle.truffle.api.TruffleLanguage;

import dev.porcini.error.WasmException;
import dev.porcini.language.WasmOptions;
import dev.porcini.memory.LinearMemory;
import dev.porcini.memory.MemoryAccessException;
import dev.porcini.module.FuncType;
import dev.porcini.module.ValType;
import dev.porcini.runtime.HostFunction;
import dev.porcini.runtime.HostModuleProvider;

/**
 * Supplies {@code wasi_snapshot_preview1} to every context: arguments come from the context's
 * application arguments (or {@code wasm.WasiArgs}), the environment from {@code wasm.WasiEnv},
 * preopens from {@code wasm.WasiDirs}, and fds 0–2 are the context's standard streams.
 */
public final class WasiProvider implements HostModuleProvider {
    public static final String MODULE = "wasi_snapshot_preview1";

    @Override
    public String moduleName() {
        return MODULE;
    }

    /** One WASI call: returns an errno, or throws; {@link #wrap} maps the exceptions. */
    @FunctionalInterface
    private interface Call {
        int call(LinearMemory m, Object[] a) throws IOException;
    }

    @Override
    public Map<String, Object> createExports(HostFunctionFactory factory, TruffleLanguage.Env env) {
        Wasi w = new Wasi(env, arguments(env), environment(env), preopens(env), env.in(), env.out(), env.err());
        Map<String, Object> exports = new HashMap<>();
        Registrar r = new Registrar(factory, exports, w);
        r.add("args_get", "ii", (m, a) -> w.argsGet(m, i(a, 0), i(a, 1)));
        r.add("args_sizes_get", "ii", (m, a) -> w.argsSizesGet(m, i(a, 0), i(a, 1)));
        r.add("environ_get", "ii", (m, a) -> w.environGet(m, i(a, 0), i(a, 1)));
        r.add("environ_sizes_get", "ii", (m, a) -> w.environSizesGet(m, i(a, 0), i(a, 1)));
        r.add("clock_res_get", "ii", (m, a) -> w.clockResGet(m, i(a, 0), i(a, 1)));
        r.add("clock_time_get", "ili", (m, a) -> w.clockTimeGet(m, i(a, 0), l(a, 1), i(a, 2)));
        r.add("fd_advise", "illi", (m, a) -> w.fdAdvise(i(a, 0), l(a, 1), l(a, 2), i(a, 3)));
        r.add("fd_allocate", "ill", (m, a) -> w.fdAllocate(i(a, 0), l(a, 1), l(a, 2)));
        r.add("fd_close", "i", (m, a) -> w.fdClose(i(a, 0)));
        r.add("fd_datasync", "i", (m, a) -> w.fdSync(i(a, 0), true));
        r.add("fd_fdstat_get", "ii", (m, a) -> w.fdFdstatGet(m, i(a, 0), i(a, 1)));
        r.add("fd_fdstat_set_flags", "ii", (m, a) -> w.fdFdstatSetFlags(i(a, 0), i(a, 1)));
        r.add("fd_fdstat_set_rights", "ill", (m, a) -> w.fdFdstatSetRights(i(a, 0), l(a, 1), l(a, 2)));
        r.add("fd_filestat_get", "ii", (m, a) -> w.fdFilestatGet(m, i(a, 0), i(a, 1)));
        r.add("fd_filestat_set_size", "il", (m, a) -> w.fdFilestatSetSize(i(a, 0), l(a, 1)));
        r.add("fd_filestat_set_times", "illi", (m, a) -> w.fdFilestatSetTimes(i(a, 0), l(a, 1), l(a, 2), i(a, 3)));
        r.add("fd_pread", "iiili", (m, a) -> w.fdPread(m, i(a, 0), i(a, 1), i(a, 2), l(a, 3), i(a, 4)));
        r.add("fd_prestat_get", "ii", (m, a) -> w.fdPrestatGet(m, i(a, 0), i(a, 1)));
        r.add("fd_prestat_dir_name", "iii", (m, a) -> w.fdPrestatDirName(m, i(a, 0), i(a, 1), i(a, 2)));
        r.add("fd_pwrite", "iiili", (m, a) -> w.fdPwrite(m, i(a, 0), i(a, 1), i(a, 2), l(a, 3), i(a, 4)));
        r.add("fd_read", "iiii", (m, a) -> w.fdRead(m, i(a, 0), i(a, 1), i(a, 2), i(a, 3)));
        r.add("fd_readdir", "iiili", (m, a) -> w.fdReaddir(m, i(a, 0), i(a, 1), i(a, 2), l(a, 3), i(a, 4)));
        r.add("fd_renumber", "ii", (m, a) -> w.fdRenumber(i(a, 0), i(a, 1)));
        r.add("fd_seek", "ilii", (m, a) -> w.fdSeek(m, i(a, 0), l(a, 1), i(a, 2), i(a, 3)));
        r.add("fd_sync", "i", (m, a) -> w.fdSync(i(a, 0), false));
        r.add("fd_tell", "ii", (m, a) -> w.fdTell(m, i(a, 0), i(a, 1)));
        r.add("fd_write", "iiii", (m, a) -> w.fdWrite(m, i(a, 0), i(a, 1), i(a, 2), i(a, 3)));
        r.add("path_create_directory", "iii", (m, a) -> w.pathCreateDirectory(m, i(a, 0), i(a, 1), i(a, 2)));
        r.add("path_filestat_get", "iiiii", (m, a) -> w.pathFilestatGet(m, i(a, 0), i(a, 1), i(a, 2), i(a, 3), i(a, 4)));
        r.add("path_filestat_set_times", "iiiilli",
                        (m, a) -> w.pathFilestatSetTimes(m, i(a, 0), i(a, 1), i(a, 2), i(a, 3), l(a, 4), l(a, 5), i(a, 6)));
        r.add("path_link", "iiiiiii", (m, a) -> w.pathLink(m, i(a, 0), i(a, 1), i(a, 2), i(a, 3), i(a, 4), i(a, 5), i(a, 6)));
        r.add("path_open", "iiiiillii",
                        (m, a) -> w.pathOpen(m, i(a, 0), i(a, 1), i(a, 2), i(a, 3), i(a, 4), l(a, 5), l(a, 6), i(a, 7), i(a, 8)));
        r.add("path_readlink", "iiiiii", (m, a) -> w.pathReadlink(m, i(a, 0), i(a, 1), i(a, 2), i(a, 3), i(a, 4), i(a, 5)));
        r.add("path_remove_directory", "iii", (m, a) -> w.pathRemoveDirectory(m, i(a, 0), i(a, 1), i(a, 2)));
        r.add("path_rename", "iiiiii", (m, a) -> w.pathRename(m, i(a, 0), i(a, 1), i(a, 2), i(a, 3), i(a, 4), i(a, 5)));
        r.add("path_symlink", "iiiii", (m, a) -> w.pathSymlink(m, i(a, 0), i(a, 1), i(a, 2), i(a, 3), i(a, 4)));
        r.add("path_unlink_file", "iii", (m, a) -> w.pathUnlinkFile(m, i(a, 0), i(a, 1), i(a, 2)));
        r.add("poll_oneoff", "iiii", (m, a) -> w.pollOneoff(m, i(a, 0), i(a, 1), i(a, 2), i(a, 3)));
        r.addNoMemory("proc_raise", "i", a -> w.procRaise(i(a, 0)));
        r.addNoMemory("sched_yield", "", a -> w.schedYield());
        r.add("random_get", "ii", (m, a) -> w.randomGet(m, i(a, 0), i(a, 1)));
        r.addNoMemory("sock_accept", "iii", a -> w.sockCall(i(a, 0)));
        r.addNoMemory("sock_recv", "iiiiii", a -> w.sockCall(i(a, 0)));
        r.addNoMemory("sock_send", "iiiii", a -> w.sockCall(i(a, 0)));
        r.addNoMemory("sock_shutdown", "ii", a -> w.sockCall(i(a, 0)));
        exports.put("proc_exit", factory.function(new FuncType(new ValType[]{ValType.I32}, new ValType[0]), "proc_exit",
                        (caller, a) -> {
                            w.procExit(i(a, 0));
                            return null;
                        }));
        return exports;
    }

    private static int i(Object[] a, int k) {
        return (Integer) a[k];
    }

    private static long l(Object[] a, int k) {
        return (Long) a[k];
    }

    /** Registers calls that all return one i32 errno, mapping failures to errnos in one place. */
    private record Registrar(HostFunctionFactory factory, Map<String, Object> exports, Wasi wasi) {
        private static final ValType[] ERRNO = {ValType.I32};

        void add(String name, String params, Call call) {
            exports.put(name, factory.function(type(params), name, (HostFunction) (caller, args) -> {
                try {
                    return call.call(wasi.memory(caller), args);
                } catch (WasmException e) {
                    throw e;
                } catch (MemoryAccessException e) {
                    return Errno.FAULT;
                } catch (Errno.Failure e) {
                    return e.errno;
                } catch (IOException | RuntimeException e) {
                    return Errno.of(e);
                }
            }));
        }

        void addNoMemory(String name, String params, java.util.function.ToIntFunction<Object[]> call) {
            exports.put(name, factory.function(type(params), name, (HostFunction) (caller, args) -> {
                try {
                    return call.applyAsInt(args);
                } catch (Errno.Failure e) {
                    return e.errno;
                }
            }));
        }

        private static FuncType type(String params) {
            ValType[] p = new ValType[params.length()];
            for (int k = 0; k < p.length; k++) {
                p[k] = params.charAt(k) == 'l' ? ValType.I64 : ValType.I32;
            }
            return new FuncType(p, ERRNO);
        }
    }

    // ---- configuration ----

    private static List<String> arguments(TruffleLanguage.Env env) {
        String[] app = env.getApplicationArguments();
        if (app.length > 0) {
            return Arrays.asList(app);
        }
        String option = env.getOptions().get(WasmOptions.WasiArgs);
        return option.isEmpty() ? List.of() : Arrays.asList(option.split("\0", -1));
    }

    private static List<String> environment(TruffleLanguage.Env env) {
        OptionMap<String> map = env.getOptions().get(WasmOptions.WasiEnv);
        List<String> result = new ArrayList<>();
        for (Map.Entry<String, String> e : map.entrySet()) {
            result.add(e.getKey() + "=" + e.getValue());
        }
        return result;
    }

    /** Splits {@code wasm.WasiDirs}; where the path separator is ':' only a lone colon separates, so "::" can name the guest path. */
    static List<String[]> parseDirs(String option) {
        List<String[]> result = new ArrayList<>();
        if (option.isEmpty()) {
            return result;
        }
        String[] entries = File.pathSeparator.equals(":") ? option.split("(?<!:):(?!:)") : option.split(java.util.regex.Pattern.quote(File.pathSeparator));
        for (String entry : entries) {
            if (entry.isEmpty()) {
                continue;
            }
            int split = entry.indexOf("::");
            String host = split < 0 ? entry : entry.substring(0, split);
            String guest = split < 0 ? entry : entry.substring(split + 2);
            result.add(new String[]{host, guest});
        }
        return result;
    }

    private static List<Wasi.Preopen> preopens(TruffleLanguage.Env env) {
        List<Wasi.Preopen> result = new ArrayList<>();
        for (String[] dir : parseDirs(env.getOptions().get(WasmOptions.WasiDirs))) {
            TruffleFile root;
            try {
                root = env.getPublicTruffleFile(dir[0]).getCanonicalFile();
            } catch (IOException | SecurityException | IllegalArgumentException | UnsupportedOperationException e) {
                throw WasmException.unlinkable("WASI: cannot preopen directory '" + dir[0] + "': " + reason(e));
            }
            if (!root.isDirectory()) {
                throw WasmException.unlinkable("WASI: cannot preopen '" + dir[0] + "': not a directory");
            }
            result.add(new Wasi.Preopen(root, dir[1]));
        }
        return result;
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof SecurityException) {
            return "file access is not allowed in this context";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
