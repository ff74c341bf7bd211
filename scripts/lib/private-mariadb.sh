# Sourced by the check scripts: a private MariaDB (or MySQL) server in a folder of the caller's,
# reached by a socket only (no network), gone when the caller exits.
#
#   private_mariadb_require                   # exits 1 naming the packages when none is installed
#   private_mariadb_start FOLDER [VAR=VALUE]  # installs a data folder, starts the server with those
#                                             # environment variables (e.g. TZ=...), waits for it
#   sql [mysql options]                       # the mysql client as root on that server
#   private_mariadb_stop                      # for the caller's EXIT trap

private_mariadb_require() {
    server=$(command -v mariadbd || command -v mysqld || ls /usr/sbin/mariadbd /usr/sbin/mysqld 2>/dev/null | head -1 || true)
    install_db=$(command -v mariadb-install-db || command -v mysql_install_db || true)
    [ -n "$server" ] && [ -n "$install_db" ] && command -v mysql >/dev/null || {
        echo "needs a MariaDB server and client: apt-get install -y mariadb-server mariadb-client" >&2; exit 1; }
}

server_pid=""
mariadb_socket=""

private_mariadb_start() {
    local folder=$1; shift
    local user_flag=()
    [ "$(id -u)" -eq 0 ] && user_flag=(--user=root)
    "$install_db" --no-defaults --datadir="$folder/data" "${user_flag[@]}" --auth-root-authentication-method=normal \
        --skip-test-db >"$folder/install.log" 2>&1 || { cat "$folder/install.log" >&2; exit 1; }
    # Its own tmpdir: another process cleaning /tmp must not take the server's temporary tables.
    mkdir -p "$folder/tmp"
    env "$@" "$server" --no-defaults --datadir="$folder/data" --socket="$folder/mysql.sock" --skip-networking \
        --tmpdir="$folder/tmp" --pid-file="$folder/mysqld.pid" --log-error="$folder/server.log" "${user_flag[@]}" &
    server_pid=$!
    mariadb_socket="$folder/mysql.sock"
    for _ in $(seq 1 150); do
        [ -S "$mariadb_socket" ] && sql -e "SELECT 1" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "MariaDB did not start; its log:" >&2
    cat "$folder/server.log" >&2
    exit 1
}

sql() { mysql --no-defaults --socket="$mariadb_socket" -uroot "$@"; }

private_mariadb_stop() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
}
