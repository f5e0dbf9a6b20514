#ifndef JOS_INC_ARGS_H
#define JOS_INC_ARGS_H

struct Argstate;

// JOS command-line parsing functions.

// Initializes the Argstate buffer from argc and argv.
// (Typical usage will look like 'argstart(&argc, argv, &args);'.)
void	argstart(int *argc, char **argv, struct Argstate *args);

// Returns the next flag in the argument list,
// or -1 if there are no more flags.
int	argnext(struct Argstate *);

// Returns the next value for the current flag, or 0 if it has no value.
char *	argvalue(struct Argstate *);

// Returns the current flag's value, or 0 if it has no value.
char *	argnextvalue(struct Argstate *);

struct Argstate {
	int *argc;
	const char **argv;
	const char *curarg;
	const char *argvalue;
};

#endif
