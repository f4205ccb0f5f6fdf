from processwalk.cli import main

main(prog_name="processwalk")
