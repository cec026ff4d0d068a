process.stdout.write('clusterdesk: not implemented yet\n')
