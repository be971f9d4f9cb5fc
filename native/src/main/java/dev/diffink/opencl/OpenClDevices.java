package dev.diffink.opencl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the OpenCL platforms and devices of this machine through the system's ICD loader
 * ({@code libOpenCL.so.1}), with the FFM API: what {@code diffink doctor} shows, and what a GPU
 * backend could run on. Read-only: nothing is created on any device.
 */
public final class OpenClDevices {
    private static final int CL_SUCCESS = 0;
    private static final int CL_PLATFORM_NAME = 0x0902;
    private static final int CL_PLATFORM_VERSION = 0x0901;
    private static final long CL_DEVICE_TYPE_ALL = 0xFFFFFFFFL;
    private static final int CL_DEVICE_TYPE = 0x1000;
    private static final int CL_DEVICE_NAME = 0x102B;
    private static final int CL_DEVICE_GLOBAL_MEM_SIZE = 0x101F;
    private static final int CL_DEVICE_MAX_COMPUTE_UNITS = 0x1002;

    /** One device. {@code type} is "GPU", "CPU", "accelerator" or "other". */
    public record Device(String platform, String platformVersion, String name, String type, int computeUnits,
            long globalMemoryBytes) {}

    /** The devices, or why none could be listed. */
    public record Listing(List<Device> devices, String problem) {}

    private OpenClDevices() {}

    public static Listing list() {
        SymbolLookup lib;
        try {
            lib = SymbolLookup.libraryLookup("libOpenCL.so.1", Arena.global());
        } catch (IllegalArgumentException e) {
            return new Listing(List.of(), "no OpenCL loader (libOpenCL.so.1; Debian: apt-get install ocl-icd-libopencl1 "
                    + "and a driver such as pocl-opencl-icd or the GPU vendor's)");
        }
        Linker linker = Linker.nativeLinker();
        try (Arena arena = Arena.ofConfined()) {
            MethodHandle platformIds = linker.downcallHandle(lib.findOrThrow("clGetPlatformIDs"),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
            MethodHandle platformInfo = linker.downcallHandle(lib.findOrThrow("clGetPlatformInfo"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS));
            MethodHandle deviceIds = linker.downcallHandle(lib.findOrThrow("clGetDeviceIDs"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
            MethodHandle deviceInfo = linker.downcallHandle(lib.findOrThrow("clGetDeviceInfo"),
                    FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS));
            MemorySegment count = arena.allocate(JAVA_INT);
            int rc = (int) platformIds.invokeExact(0, MemorySegment.NULL, count);
            int platforms = count.get(JAVA_INT, 0);
            if (rc != CL_SUCCESS || platforms == 0) {
                return new Listing(List.of(), "the OpenCL loader finds no platform (no ICD in /etc/OpenCL/vendors; "
                        + "install a driver such as pocl-opencl-icd, or the GPU vendor's)");
            }
            MemorySegment ids = arena.allocate(ADDRESS, platforms);
            rc = (int) platformIds.invokeExact(platforms, ids, count);
            if (rc != CL_SUCCESS) {
                return new Listing(List.of(), "clGetPlatformIDs failed with error " + rc);
            }
            List<Device> devices = new ArrayList<>();
            MemorySegment text = arena.allocate(1024);
            MemorySegment number = arena.allocate(JAVA_LONG);
            for (int p = 0; p < platforms; p++) {
                MemorySegment platform = ids.getAtIndex(ADDRESS, p);
                String pname = (int) platformInfo.invokeExact(platform, CL_PLATFORM_NAME, 1023L, text, MemorySegment.NULL)
                        == CL_SUCCESS ? text.getString(0) : "?";
                String pversion = (int) platformInfo.invokeExact(platform, CL_PLATFORM_VERSION, 1023L, text,
                        MemorySegment.NULL) == CL_SUCCESS ? text.getString(0) : "?";
                rc = (int) deviceIds.invokeExact(platform, CL_DEVICE_TYPE_ALL, 0, MemorySegment.NULL, count);
                int n = rc == CL_SUCCESS ? count.get(JAVA_INT, 0) : 0;
                if (n == 0) {
                    continue;
                }
                MemorySegment devs = arena.allocate(ADDRESS, n);
                if ((int) deviceIds.invokeExact(platform, CL_DEVICE_TYPE_ALL, n, devs, count) != CL_SUCCESS) {
                    continue;
                }
                for (int d = 0; d < n; d++) {
                    MemorySegment dev = devs.getAtIndex(ADDRESS, d);
                    String name = (int) deviceInfo.invokeExact(dev, CL_DEVICE_NAME, 1023L, text, MemorySegment.NULL)
                            == CL_SUCCESS ? text.getString(0).strip() : "?";
                    long type = (int) deviceInfo.invokeExact(dev, CL_DEVICE_TYPE, 8L, number, MemorySegment.NULL)
                            == CL_SUCCESS ? number.get(JAVA_LONG, 0) : 0;
                    long memory = (int) deviceInfo.invokeExact(dev, CL_DEVICE_GLOBAL_MEM_SIZE, 8L, number,
                            MemorySegment.NULL) == CL_SUCCESS ? number.get(JAVA_LONG, 0) : 0;
                    number.set(JAVA_LONG, 0, 0);
                    int units = (int) deviceInfo.invokeExact(dev, CL_DEVICE_MAX_COMPUTE_UNITS, 4L, number,
                            MemorySegment.NULL) == CL_SUCCESS ? number.get(JAVA_INT, 0) : 0;
                    String kind = (type & 4) != 0 ? "GPU" : (type & 2) != 0 ? "CPU" : (type & 8) != 0 ? "accelerator" : "other";
                    devices.add(new Device(pname, pversion, name, kind, units, memory));
                }
            }
            return new Listing(devices, devices.isEmpty() ? "OpenCL platforms found, but no devices" : null);
        } catch (Throwable t) {
            return new Listing(List.of(), "listing OpenCL devices failed: " + t);
        }
    }
}
