// An AssemblyScript program (compiled with @assemblyscript/wasi-shim): args, env, clocks and
// random numbers through the shim's process/Date/performance/crypto, then files and directories
// through wasi_snapshot_preview1 imports declared here, and a non-zero exit through proc_exit.
//! arg: first
//! arg: two words
//! arg: ünï€ode
//! env: GREETING=hello wasi
//! env: EQUALS=a=b=c
//! env: EMPTY=
//! exit: 7
//! out: argc=4
//! out: argv[0]=<as_wasi.wasm>
//! out: argv[1]=<first>
//! out: argv[2]=<two words>
//! out: argv[3]=<ünï€ode>
//! out: env count=3
//! out: GREETING=<hello wasi>
//! out: EQUALS=<a=b=c>
//! out: EMPTY=<>
//! out: MISSING set: false
//! out: realtime after 2020: true
//! out: Date.now within a minute of clock_time_get: true
//! out: monotonic non-decreasing: true
//! out: performance.now non-decreasing: true
//! out: clock_res_get monotonic: 0, positive: true
//! out: clock_time_get bad clock: 28
//! out: random_get filled: true
//! out: preopen: fd 3 </sandbox>
//! out: next fd: 8
//! out: mkdir as_dir: 0, again: 20
//! out: open note.txt: 0
//! out: write: 0, 28 bytes
//! out: seek to 0: 0, offset 0
//! out: read: 0 <Porcini from AssemblyScript
//! out: >
//! out: pread at 8: 0 <from>
//! out: filestat: 0, regular, size 28
//! out: close: 0, write after close: 8
//! out: open second.txt: 0, excl again: 20
//! out: readdir as_dir (40-byte buffer): note.txt second.txt
//! out: readdir /sandbox: abs_link@ as_dir/ dir_link@ rel_link@
//! out: open missing: 44
//! out: open outside: 63
//! out: unlink: 0 0, rmdir: 0, stat gone: 44
//! out: exiting with 7

@external("wasi_snapshot_preview1", "fd_prestat_get")
declare function fd_prestat_get(fd: u32, buf: usize): u16;
@external("wasi_snapshot_preview1", "fd_prestat_dir_name")
declare function fd_prestat_dir_name(fd: u32, path: usize, len: usize): u16;
@external("wasi_snapshot_preview1", "path_create_directory")
declare function path_create_directory(fd: u32, path: usize, len: usize): u16;
@external("wasi_snapshot_preview1", "path_open")
declare function path_open(fd: u32, dirflags: u32, path: usize, len: usize, oflags: u16,
                           base: u64, inheriting: u64, fdflags: u16, opened: usize): u16;
@external("wasi_snapshot_preview1", "fd_write")
declare function fd_write(fd: u32, iovs: usize, count: usize, written: usize): u16;
@external("wasi_snapshot_preview1", "fd_read")
declare function fd_read(fd: u32, iovs: usize, count: usize, read: usize): u16;
@external("wasi_snapshot_preview1", "fd_pread")
declare function fd_pread(fd: u32, iovs: usize, count: usize, offset: u64, read: usize): u16;
@external("wasi_snapshot_preview1", "fd_seek")
declare function fd_seek(fd: u32, offset: i64, whence: u8, newOffset: usize): u16;
@external("wasi_snapshot_preview1", "fd_filestat_get")
declare function fd_filestat_get(fd: u32, buf: usize): u16;
@external("wasi_snapshot_preview1", "fd_close")
declare function fd_close(fd: u32): u16;
@external("wasi_snapshot_preview1", "fd_readdir")
declare function fd_readdir(fd: u32, buf: usize, len: usize, cookie: u64, used: usize): u16;
@external("wasi_snapshot_preview1", "path_filestat_get")
declare function path_filestat_get(fd: u32, flags: u32, path: usize, len: usize, buf: usize): u16;
@external("wasi_snapshot_preview1", "path_unlink_file")
declare function path_unlink_file(fd: u32, path: usize, len: usize): u16;
@external("wasi_snapshot_preview1", "path_remove_directory")
declare function path_remove_directory(fd: u32, path: usize, len: usize): u16;
@external("wasi_snapshot_preview1", "clock_time_get")
declare function clock_time_get(id: u32, precision: u64, time: usize): u16;
@external("wasi_snapshot_preview1", "clock_res_get")
declare function clock_res_get(id: u32, res: usize): u16;
@external("wasi_snapshot_preview1", "random_get")
declare function random_get(buf: usize, len: usize): u16;
@external("wasi_snapshot_preview1", "proc_exit")
declare function proc_exit(code: u32): void;

const RIGHT_FD_READ: u64 = 1 << 1;
const RIGHT_FD_SEEK: u64 = 1 << 2;
const RIGHT_FD_WRITE: u64 = 1 << 6;
const RIGHT_FD_READDIR: u64 = 1 << 14;
const RIGHT_FD_FILESTAT_GET: u64 = 1 << 21;
const OFLAG_CREAT: u16 = 1;
const OFLAG_DIRECTORY: u16 = 2;
const OFLAG_EXCL: u16 = 4;
const OFLAG_TRUNC: u16 = 8;
const LOOKUP_SYMLINK_FOLLOW: u32 = 1;
const FILETYPE_DIRECTORY: u8 = 3;
const FILETYPE_REGULAR: u8 = 4;
const FILETYPE_SYMLINK: u8 = 7;

const scratch = memory.data(64); // out-parameters, iovecs, filestat (64 bytes)

function utf8(s: string): ArrayBuffer {
  return String.UTF8.encode(s);
}

function ptr(b: ArrayBuffer): usize {
  return changetype<usize>(b);
}

function openAt(dir: u32, path: string, oflags: u16, rights: u64): i32 {
  const p = utf8(path);
  const err = path_open(dir, LOOKUP_SYMLINK_FOLLOW, ptr(p), p.byteLength, oflags, rights, 0, 0, scratch);
  return err == 0 ? <i32>load<u32>(scratch) : -<i32>err;
}

function errOf(fdOrErr: i32): i32 {
  return fdOrErr < 0 ? -fdOrErr : 0;
}

function monotonic(): u64 {
  clock_time_get(1, 1, scratch);
  return load<u64>(scratch);
}

/** Every name in a directory except "." and "..", sorted, with "/" or "@" after directories and
 *  symlinks; reads with a small buffer so that entries are cut off and resumed by cookie. */
function listDir(dir: u32, bufSize: i32): string {
  const buf = new ArrayBuffer(bufSize);
  const names = new Array<string>();
  let cookie: u64 = 0;
  while (true) {
    const err = fd_readdir(dir, ptr(buf), bufSize, cookie, scratch);
    if (err != 0) return "readdir error " + err.toString();
    const used = <i32>load<u32>(scratch);
    let pos = 0;
    let progressed = false;
    while (pos + 24 <= used) {
      const entry = ptr(buf) + pos;
      const namlen = <i32>load<u32>(entry, 16);
      if (pos + 24 + namlen > used) break; // cut off: read again from this entry's cookie
      const type = load<u8>(entry, 20);
      let name = String.UTF8.decodeUnsafe(entry + 24, namlen);
      cookie = load<u64>(entry);
      pos += 24 + namlen;
      progressed = true;
      if (name == "." || name == "..") continue;
      if (type == FILETYPE_DIRECTORY) name += "/";
      else if (type == FILETYPE_SYMLINK) name += "@";
      names.push(name);
    }
    if (used < bufSize) break;
    if (!progressed) return "readdir buffer too small";
  }
  names.sort();
  return names.join(" ");
}

// Arguments and environment (the shim's process.argv and process.env).
const argv = process.argv;
console.log("argc=" + argv.length.toString());
for (let i = 0; i < argv.length; i++) {
  console.log("argv[" + i.toString() + "]=<" + argv[i] + ">");
}
const env = process.env;
console.log("env count=" + env.size.toString());
console.log("GREETING=<" + env.get("GREETING") + ">");
console.log("EQUALS=<" + env.get("EQUALS") + ">");
console.log("EMPTY=<" + env.get("EMPTY") + ">");
console.log("MISSING set: " + env.has("MISSING").toString());

// Clocks: realtime through Date.now, monotonic through process.hrtime and performance.now.
const now = Date.now();
console.log("realtime after 2020: " + (now > 1577836800000).toString());
clock_time_get(0, 1, scratch);
const realtimeMs = <i64>(load<u64>(scratch) / 1000000);
console.log("Date.now within a minute of clock_time_get: " + (realtimeMs - now < 60000 && realtimeMs >= now).toString());
const h1 = process.hrtime();
const m1 = monotonic();
const h2 = process.hrtime();
console.log("monotonic non-decreasing: " + (h1 <= m1 && m1 <= h2).toString());
const p1 = performance.now();
const p2 = performance.now();
console.log("performance.now non-decreasing: " + (p1 <= p2).toString());
const resErr = clock_res_get(1, scratch);
console.log("clock_res_get monotonic: " + resErr.toString() + ", positive: " + (load<u64>(scratch) > 0).toString());
console.log("clock_time_get bad clock: " + clock_time_get(99, 1, scratch).toString());

// random_get through crypto.getRandomValues: 32 bytes that are not all zero.
const random = new Uint8Array(32);
crypto.getRandomValues(random);
let nonZero = false;
for (let i = 0; i < random.length; i++) if (random[i] != 0) nonZero = true;
console.log("random_get filled: " + nonZero.toString());

// Find the preopened directory: fds from 3 until EBADF.
let sandbox: u32 = 0;
let fd: u32 = 3;
while (fd_prestat_get(fd, scratch) == 0) {
  const len = <i32>load<u32>(scratch, 4);
  const name = new ArrayBuffer(len);
  fd_prestat_dir_name(fd, ptr(name), len);
  const text = String.UTF8.decode(name);
  console.log("preopen: fd " + fd.toString() + " <" + text + ">");
  if (text == "/sandbox") sandbox = fd;
  fd++;
}
console.log("next fd: " + fd_prestat_get(fd, scratch).toString());

// Write a file in a new directory, read it back, stat it.
const dirName = utf8("as_dir");
const mk = path_create_directory(sandbox, ptr(dirName), dirName.byteLength);
console.log("mkdir as_dir: " + mk.toString() + ", again: "
    + path_create_directory(sandbox, ptr(dirName), dirName.byteLength).toString());
const file = openAt(sandbox, "as_dir/note.txt", OFLAG_CREAT | OFLAG_TRUNC,
    RIGHT_FD_READ | RIGHT_FD_WRITE | RIGHT_FD_SEEK | RIGHT_FD_FILESTAT_GET);
console.log("open note.txt: " + errOf(file).toString());
const f = <u32>file;
const part1 = utf8("Porcini from ");
const part2 = utf8("AssemblyScript\n");
store<usize>(scratch, ptr(part1));
store<usize>(scratch, part1.byteLength, 4);
store<usize>(scratch, ptr(part2), 8);
store<usize>(scratch, part2.byteLength, 12);
let err = fd_write(f, scratch, 2, scratch + 16);
console.log("write: " + err.toString() + ", " + load<u32>(scratch, 16).toString() + " bytes");
err = fd_seek(f, 0, 0, scratch);
console.log("seek to 0: " + err.toString() + ", offset " + load<u64>(scratch).toString());
const back = new ArrayBuffer(64);
store<usize>(scratch, ptr(back));
store<usize>(scratch, 64, 4);
err = fd_read(f, scratch, 1, scratch + 8);
console.log("read: " + err.toString() + " <" + String.UTF8.decodeUnsafe(ptr(back), load<u32>(scratch, 8)) + ">");
store<usize>(scratch, ptr(back));
store<usize>(scratch, 4, 4);
err = fd_pread(f, scratch, 1, 8, scratch + 8);
console.log("pread at 8: " + err.toString() + " <" + String.UTF8.decodeUnsafe(ptr(back), load<u32>(scratch, 8)) + ">");
err = fd_filestat_get(f, scratch);
console.log("filestat: " + err.toString() + ", " + (load<u8>(scratch, 16) == FILETYPE_REGULAR ? "regular" : "other")
    + ", size " + load<u64>(scratch, 32).toString());
err = fd_close(f);
store<usize>(scratch, ptr(part1));
store<usize>(scratch, part1.byteLength, 4);
console.log("close: " + err.toString() + ", write after close: " + fd_write(f, scratch, 1, scratch + 8).toString());
const second = openAt(sandbox, "as_dir/second.txt", OFLAG_CREAT | OFLAG_EXCL, RIGHT_FD_WRITE);
const secondAgain = openAt(sandbox, "as_dir/second.txt", OFLAG_CREAT | OFLAG_EXCL, RIGHT_FD_WRITE);
console.log("open second.txt: " + errOf(second).toString() + ", excl again: " + errOf(secondAgain).toString());
fd_close(<u32>second);

// List directories with fd_readdir.
const dir = openAt(sandbox, "as_dir", OFLAG_DIRECTORY, RIGHT_FD_READDIR);
console.log("readdir as_dir (40-byte buffer): " + (dir < 0 ? "open error " + errOf(dir).toString() : listDir(<u32>dir, 40)));
fd_close(<u32>dir);
console.log("readdir /sandbox: " + listDir(sandbox, 256));

// Errors: a missing file, and a path that climbs out of the preopen.
console.log("open missing: " + errOf(openAt(sandbox, "as_dir/missing.txt", 0, RIGHT_FD_READ)).toString());
console.log("open outside: " + errOf(openAt(sandbox, "../outside/secret.txt", 0, RIGHT_FD_READ)).toString());

// Clean up and exit with a non-zero status.
const note = utf8("as_dir/note.txt");
const sec = utf8("as_dir/second.txt");
const u1 = path_unlink_file(sandbox, ptr(note), note.byteLength);
const u2 = path_unlink_file(sandbox, ptr(sec), sec.byteLength);
const rm = path_remove_directory(sandbox, ptr(dirName), dirName.byteLength);
const gone = path_filestat_get(sandbox, LOOKUP_SYMLINK_FOLLOW, ptr(dirName), dirName.byteLength, scratch);
console.log("unlink: " + u1.toString() + " " + u2.toString() + ", rmdir: " + rm.toString() + ", stat gone: " + gone.toString());
console.log("exiting with 7");
proc_exit(7);
console.log("not reached");
