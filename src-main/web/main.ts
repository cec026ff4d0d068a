process.stdout.write('web preview: not implemented yet\n')
