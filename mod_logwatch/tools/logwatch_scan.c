/* logwatch-scan: placeholder until its owner commits it. */
#include <stdio.h>
int main(void)
{
    fprintf(stderr, "logwatch-scan: not built yet\n");
    return 1;
}
