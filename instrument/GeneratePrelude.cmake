# Turns runtime/include/ravel/ravel.h into a C++ raw string usable as the ABI
# part of the prelude: the #includes go (a preprocessed TU cannot include), the
# fixed-width types become the compiler's predefined ones.
file(READ ${INPUT} Abi)
string(REGEX REPLACE "#include <[a-z]+\\.h>\n" "" Abi "${Abi}")
string(REPLACE "uint32_t" "__UINT32_TYPE__" Abi "${Abi}")
string(REPLACE "uint64_t" "__UINT64_TYPE__" Abi "${Abi}")
string(REPLACE "size_t" "__SIZE_TYPE__" Abi "${Abi}")
file(WRITE ${OUTPUT}.tmp "R\"ravelabi(${Abi})ravelabi\"\n")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
