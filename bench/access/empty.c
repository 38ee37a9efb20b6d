/* Start-up cost: an empty program, built plain, with ravel and with TSan. */
int main(void) { return 0; }
