/* tls: a thread-local variable, set before a marked line (printing it needs qGetTLSAddr). */
__thread int tls_value;

int main(void)
{
    tls_value = 7;
    return tls_value - 7; /* @after_tls */
}
