// Simplified Chinese, keyed by the English text (src/i18n/en.ts). Terms follow the operators' runbook:
// 云主机 (server), 计算节点 (compute host; 节点 for short), 目的物理主机 / 源物理主机 (a move's destination /
// source host), 热迁移 / 冷迁移 / 块迁移, 前置条件, 权限检查; nova-compute up / down: 在线 / 宕机. 主机 stays only
// in 云主机, 物理主机, 主机聚合 (aggregate), 主机密钥 (SSH host key) and 主机名 (DNS); a Slack thread is 消息串; a drain
// 排空. A button is named by its Chinese label in quotes (按“节点已恢复”, “继续处理 {{0}}”), never its English one.
export const zhCN: Record<string, string> = {
  '\nStopping; running migrations resume at the next start.': '\n正在停止；进行中的迁移会在下次启动时继续。',
  '\nStopping; the built-in sandbox cloud stops too, so its migrations end with it.':
    '\n正在停止；内置沙箱云也会停止，所以它的迁移随之结束。',
  '   {{0}} {{1}}{{2}}': '   {{0}} {{1}}{{2}}',
  '   … and {{0}} more that stay away': '   … 另有 {{0}} 台留在别处',
  '   … and {{0}} more without room': '   … 另有 {{0}} 台没有空间',
  '   … and {{0}} more that the hosts with room rule out': '   … 另有 {{0}} 台被有空间的节点排除',
  '   … and {{0}} more with nowhere to go: {{1}} without room, {{2}} that the hosts with room rule out':
    '   … 另有 {{0}} 台无处可迁：{{1}} 台没有空间，{{2}} 台被有空间的节点排除',
  '   🔒 {{0}} on {{1}}: {{2}}': '   🔒 {{0}}（在 {{1}} 上）：{{2}}',
  ' (late)': '（迟发）',
  ' (request {{0}})': '（请求 {{0}}）',
  ' (sent late: Ferry was not running when it was due)': '（迟发：到期时 Ferry 未在运行）',
  ' Did you mean {{0}}?': '你是指 {{0}} 吗？',
  ' ETA {{0}}': ' 预计剩余 {{0}}',
  "{{0}} now runs on {{1}}; it is {{2}}. Force complete was requested; Nova's records showed no post-copy, and they would not show a guest paused for the final copy, so whether it took effect is not known.":
    '{{0}} 现在运行在 {{1}} 上，状态为 {{2}}。已请求强制完成；Nova 的记录中没有出现 post-copy，而最后一轮复制时虚拟机若被暂停，Nova 的记录也不会显示，因此无法确定它是否生效。',
  ' and ': ' 和 ',
  ' and libvirtd.conf': ' 和 libvirtd.conf',
  ' and moves its servers back': '，并把它的云主机迁回',
  ' and {{0}} more': ' 以及另外 {{0}} 台',
  ' at {{0}}': '，于 {{0}}',
  ' by {{0}}': '，由 {{0}}',
  ' in {{0}}': '，用时 {{0}}',
  ' of aggregate {{0}}': '（主机聚合 {{0}}）',
  ' of project *{{0}}*': '项目 *{{0}}* 的',
  ' of zone {{0}}': '（可用区 {{0}}）',
  ' onto {{0}}': '到 {{0}}',
  ' · ETA {{0}}': ' · 预计剩余 {{0}}',
  ' · about {{0}} left, maintenance not counted': ' · 约剩 {{0}}，不含维护时间',
  ' · back by {{0}}': ' · 由 {{0}} 确认恢复',
  ' · you are on call: you may approve': ' · 你在值班：可以审批',
  '"cancel" takes one window ID.': '“cancel”后面只能跟一个窗口 ID。',
  '"list" takes nothing after it.': '“list”后面不能再跟内容。',
  '{{0}} cannot be a host name': '{{0}} 不能作为节点名称',
  '{{0}} cannot be a server name (its ID, a UUID, always works)':
    '{{0}} 不能作为云主机名（用它的 ID，即 UUID，总是可以）',
  '{{0}} contains {{1}}, which cannot be in a {{2}} name': '{{0}} 含有 {{1}}，{{2}}名称中不能出现',
  '{{0}} contains {{1}}, which cannot be in a {{2}} name: Ferry takes no wildcards, name each one':
    '{{0}} 含有 {{1}}，{{2}}名称中不能出现：Ferry 不接受通配符，请逐个写出名称',
  'a backtick': '反引号',
  'a space': '空格',
  '"{{0}}" is not a duration like 24h, 1h or 10m': '“{{0}}”不是时长，应类似 24h、1h 或 10m',
  '"{{0}}" is not a duration like 2h, 90m, 1h30m or "2 hours".':
    '“{{0}}”不是时长，应类似 2h、90m、1h30m 或“2 hours”。',
  '"{{0}}" is not a window ID (they look like w-1a2b3c); /maintenance list shows them.':
    '“{{0}}”不是窗口 ID（形如 w-1a2b3c）；/maintenance list 会列出它们。',
  '"{{0}}" is not one of this cloud\'s compute hosts ({{1}}).': '“{{0}}”不是这个云的计算节点（{{1}}）。',
  '"{{0}}" is the hypervisor (node) name of compute host {{1}}; Ferry targets the host {{2}}.':
    '“{{0}}”是计算节点 {{1}} 的 hypervisor（node）名称；Ferry 以节点 {{2}} 为目标。',
  '(default tcp)': '（默认 tcp）',
  '(only you) {{0}}': '（仅你可见）{{0}}',
  '(unset)': '（未设置）',
  '*Active ({{0}})*\n{{1}}': '*进行中（{{0}}）*\n{{1}}',
  '*Drains*\n{{0}}': '*排空*\n{{0}}',
  '*Evacuation* {{0}}: drain {{1}} empties {{2}} — {{3}}': '*疏散* {{0}}：排空 {{1}} 正在清空 {{2}} — {{3}}',
  '*History*\n{{0}}': '*历史*\n{{0}}',
  '*Host check* requested by <@{{0}}>: {{1}}': '*节点检查*，由 <@{{0}}> 申请：{{1}}',
  "*Likely candidates* (Nova's scheduler decides):\n{{0}}": '*可能的候选节点*（由 Nova 调度器决定）：\n{{0}}',
  '*Maintenance ahead*': '*即将进行的维护*',
  '*Moving now*': '*正在迁移*',
  '*Paused*': '*已暂停*',
  '*Waiting for a person*': '*等待人工操作*',
  '{{0}} · paused by {{1}}: nothing new starts until someone presses Resume in its thread':
    '{{0}} · 由 {{1}} 暂停：在有人于其消息串中按下“恢复”之前，不会开始新的迁移',
  '*No migration is running.*': '*没有正在进行的迁移。*',
  '*Recently ended*\n{{0}}': '*最近结束*\n{{0}}',
  '*Route* {{0}}': '*路线* {{0}}',
  '*Server* {{0}}{{1}}': '*云主机* {{0}}{{1}}',
  '*Step {{0}}* · {{1}} · no server on them: nothing to move':
    '*第 {{0}} 步* · {{1}} · 其上没有云主机：无需迁移',
  '*Still disabled after their window*\n{{0}}': '*维护窗口结束后仍被禁用*\n{{0}}',
  '*Upcoming maintenance*\n{{0}}': '*即将进行的维护*\n{{0}}',
  '*Waiting for approval*': '*等待审批*',
  '*Your recent moves*': '*你最近的迁移*',
  '*{{0}}* {{1}} {{2}} {{3}}: {{4}} · {{5}}. Requested by <@{{6}}>{{7}}.':
    '*{{0}}* {{1}} {{2}} {{3}}：{{4}} · {{5}}。申请人 <@{{6}}>{{7}}。',
  '*{{0}}* {{1}} {{2}} {{3}}: {{4}}{{5}}. Requested by <@{{6}}>, approved by <@{{7}}>{{8}}.':
    '*{{0}}* {{1}} {{2}} {{3}}：{{4}}{{5}}。申请人 <@{{6}}>，审批人 <@{{7}}>{{8}}。',
  '*{{0}}* {{1}}: <@{{2}}> asks for a {{3}}': '*{{0}}* {{1}}：<@{{2}}> 申请{{3}}',
  '*{{0}}* {{1}}: <@{{2}}> asks to empty {{3}} — {{4}}': '*{{0}}* {{1}}：<@{{2}}> 申请清空 {{3}} — {{4}}',
  '*🚢 Ferry* for <@{{0}}>{{1}}': '*🚢 Ferry* · <@{{0}}>{{1}}',
  ', again by <@{{0}}>': '，<@{{0}}> 再次批准',
  ', approved by <@{{0}}>': '，审批人 <@{{0}}>',
  ', rejected by <@{{0}}>': '，驳回人 <@{{0}}>',
  ', bringing their servers back after each': '，每步之后把云主机迁回',
  ', moves its servers back': '，把它的云主机迁回',
  ', on {{0}}': '，在 {{0}} 上',
  ', project {{0}}': '，项目 {{0}}',
  ', service re-enabled afterwards': '，完成后重新启用服务',
  ', stopped by {{0}}': '，由 {{0}} 停止',
  ', {{0}} aborted': '，{{0}} 个已中止',
  ', {{0}} reverted': '，{{0}} 个已回退',
  ', {{0}} back home': '，{{0}} 台已回到原节点',
  ', {{0}} by <@{{1}}>': '，由 <@{{1}}> {{0}}',
  ', {{0}} failed': '，{{0}} 个失败',
  '--aggregate takes a host aggregate name.': '--aggregate 需要一个主机聚合名称。',
  '--window takes a maintenance window ID such as w-1a2b3c (see /maintenance list), got "{{0}}".':
    '--window 需要一个维护窗口 ID，例如 w-1a2b3c（见 /maintenance list），收到的是“{{0}}”。',
  '--window takes a window ID (w-…), got "{{0}}".': '--window 需要一个窗口 ID（w-…），收到的是“{{0}}”。',
  '--zone takes an availability zone name.': '--zone 需要一个可用区名称。',
  '<host>': '<节点>',
  '/hostcheck {{0}} <destination> lists what to change.':
    '/hostcheck {{0}} <目的物理主机> 会列出需要修改的地方。',
  '/hostcheck {{0}}{{1}}': '/hostcheck {{0}}{{1}}',
  '; enabled again as it was': '；已按原样重新启用',
  '; evacuation {{0}} starts no new moves, those in flight finish':
    '；疏散 {{0}} 不再启动新的迁移，进行中的会完成',
  '; evacuation {{0}} {{1}}': '；疏散 {{0}} {{1}}',
  '; its servers stay where they went': '；它的云主机留在迁去的地方',
  '; running ones are being aborted': '；正在中止进行中的迁移',
  '; running ones finish': '；进行中的迁移会完成',
  '; starts with window {{0}}': '；随窗口 {{0}} 开始',
  '; the others stay (listed with the reason)': '；其余的留下（已列出原因）',
  '; {{0}} already there': '；{{0}} 台已经在那里',
  '; with window {{0}}': '；随窗口 {{0}}',
  "<@{{0}}> is not on Ferry's requesters list (FERRY_REQUESTERS).":
    '<@{{0}}> 不在 Ferry 的申请人名单（FERRY_REQUESTERS）中。',
  '<when> in plain words or ISO, in FERRY_TZ: "saturday 02:00", "2026-12-05T02:00"; duration like 2h or 90m (default 2h)':
    '<时间> 用自然语言或 ISO 格式，按 FERRY_TZ 时区：“saturday 02:00”、“2026-12-05T02:00”；时长如 2h 或 90m（默认 2h）',
  'A cold migration boots the server afresh, so hypervisor versions need not match.':
    '冷迁移会让云主机重新启动，所以 hypervisor 版本不必一致。',
  'A cold migration can only be undone once it waits for confirmation (VERIFY_RESIZE): then Ferry reverts it.':
    '冷迁移只有在等待确认（VERIFY_RESIZE）时才能撤销：那时 Ferry 会回退它。',
  'A dry run: nothing was requested, disabled or moved. Without {{0}} this drain is refused: no host of it runs a server, and each was disabled before, so approving it would change nothing.':
    '预演：没有提交申请，没有禁用，也没有迁移任何东西。去掉 {{0}} 后，这次排空会被拒绝：其中没有节点运行云主机，且每个节点之前都已被禁用，批准它不会改变任何东西。',
  "A dry run: nothing was requested, disabled or moved. Destinations are a preview by Placement's numbers. Without {{0}} the plan goes to on-call for one approval.":
    '预演：没有提交申请，没有禁用，也没有迁移任何东西。目的物理主机是按 Placement 数据的预估。去掉 {{0}} 后，计划会交给值班人员审批一次。',
  'A project channel could not be told': '无法通知项目频道',
  'A window lasts at most 7 days.': '一个窗口最长 7 天。',
  Abort: '中止',
  'Abort requested': '已请求中止',
  'Abort the evacuation?': '中止这次疏散？',
  'Abort the migration?': '中止这次迁移？',
  Aborted: '已中止',
  'Add ServerGroupAntiAffinityFilter and ServerGroupAffinityFilter.':
    '添加 ServerGroupAntiAffinityFilter 和 ServerGroupAffinityFilter。',
  'Add {{0}} to DNS or /etc/hosts on {{1}}, or set live_migration_inbound_addr on {{2}}.':
    '在 {{1}} 的 DNS 或 /etc/hosts 中加入 {{0}}，或在 {{2}} 上设置 live_migration_inbound_addr。',
  'Aggregates: {{0}}.': '主机聚合：{{0}}。',
  'None of the servers the move back left behind can go back: each is gone or already home.':
    '迁回后仍留在别处的云主机都无法迁回：每台要么已不存在，要么已在原节点上。',
  'Already disabled before the drain: {{0}}. They are emptied in their turn and left disabled afterwards; they take no servers meanwhile.':
    '排空前已被禁用：{{0}}。轮到它们时会被清空，之后保持禁用；期间不接收云主机。',
  'Already disabled before the drain, with no server on them: {{0}}. There is nothing to empty there; they are left disabled as found and take no servers.':
    '排空前已被禁用且其上没有云主机：{{0}}。那里没有需要清空的；它们保持原样禁用，不接收云主机。',
  Approve: '批准',
  ' — no server was on it; left disabled as found': ' — 其上没有云主机；保持原样禁用',
  'Approve new plan': '批准新计划',
  '{{0}} drain held before step {{1}}: {{2}}; its new plan waits for on-call approval (Approve new plan in its thread) · asked by <@{{3}}>{{4}}':
    '{{0}} 排空在第 {{1}} 步之前搁置：{{2}}；其新计划等待值班人员批准（在其消息串中按“批准新计划”）· 由 <@{{3}}> 申请{{4}}',
  'Approve this evacuation?': '批准这次疏散？',
  'Approve this migration?': '批准这次迁移？',
  'Approved by {{0}} at {{1}}': '{{0}} 于 {{1}} 批准',
  'Are you sure?': '确定吗？',
  "As nova on {{0}}: ssh-keygen, then ssh-copy-id nova@{{1}}; accept {{2}}'s host key once.":
    '在 {{0}} 上以 nova 用户执行：ssh-keygen，然后 ssh-copy-id nova@{{1}}；首次接受 {{2}} 的主机密钥。',
  'Ask a Ferry admin to add you to FERRY_REQUESTERS.': '请 Ferry 管理员把你加入 FERRY_REQUESTERS。',
  'Ask its owner, then unlock it: openstack server unlock {{0}}':
    '先征得所有者同意，再解锁：openstack server unlock {{0}}',
  'At most {{0}} hosts in one drain.': '一次排空最多 {{0}} 个节点。',
  'Block migration forced: {{0}} GB of local disk is copied before the memory. If its instances path is shared storage, Nova refuses.':
    '强制块迁移：先复制 {{0}} GB 本地磁盘，再复制内存。如果 instances 路径在共享存储上，Nova 会拒绝。',
  'Both hosts agree on scheme, tunnelling, TLS and instances_path':
    '两个节点的迁移方式、隧道、TLS 和 instances_path 一致',
  'Both run {{0}} {{1}}.': '两者都运行 {{0}} {{1}}。',
  'Bring it to ACTIVE (or SHUTOFF for a cold move) first.': '先让它运行起来（冷迁移时也可以关机）。',
  'Busy guests are slowed down to converge (auto-converge)': '繁忙的虚拟机会被降速以便收敛（auto-converge）',
  'Busy guests can finish by post-copy': '繁忙的虚拟机可以通过 post-copy 完成迁移',
  'Buttons: {{0}}': '按钮：{{0}}',
  Cancel: '取消',
  'Cancelled {{0}}.': '已取消 {{0}}。',
  'Cancelled.': '已取消。',
  'Closed the question without pressing {{0}}. Running {{1}}.': '问题已关闭，未按下“{{0}}”。正在执行 {{1}}。',
  'Closed the dialog without sending it; nothing was submitted. Running {{0}}.':
    '对话框已关闭，未提交任何内容。正在执行 {{0}}。',
  'Cannot read a date in "{{0}}"; try "saturday 02:00" or "2026-12-05T02:00".':
    '无法从“{{0}}”中读出日期；试试“saturday 02:00”或“2026-12-05T02:00”。',
  'Cannot read {{0}}': '无法读取 {{0}}',
  'Cannot skip that host: {{0}}. ': '不能跳过该节点：{{0}}。',
  'Cannot use that aggregate: {{0}}.': '不能使用该主机聚合：{{0}}。',
  'Cannot use that destination: {{0}}.': '不能使用该目的物理主机：{{0}}。',
  'Cannot use that host: {{0}}.': '不能使用该节点：{{0}}。',
  'Cannot use that host: {{0}}.\nUsage: {{1}}': '不能使用该节点：{{0}}。\n用法：{{1}}',
  'Cannot use that host: {{0}}.{{1}}': '不能使用该节点：{{0}}。{{1}}',
  'Cannot use that server: {{0}}.': '不能使用该云主机：{{0}}。',
  'Cannot use that server: {{0}}.\nUsage: {{1}}': '不能使用该云主机：{{0}}。\n用法：{{1}}',
  'Cannot use that zone: {{0}}.': '不能使用该可用区：{{0}}。',
  "Check a compute host's nova.conf, libvirtd.conf and migration connectivity over SSH":
    '通过 SSH 检查计算节点的 nova.conf、libvirtd.conf 和迁移连通性',
  'Checked at {{0}}:': '{{0}} 的检查结果：',
  'Check and request a server move (needs on-call approval)': '检查并申请迁移一台云主机（需要值班人员审批）',
  'Check every precondition of moving a server, then ask on-call to approve it.':
    '检查迁移一台云主机的所有前置条件，然后请值班人员审批。',
  'Check libvirtd listens on {{0}}, the firewall between them ({{1}}, and 49152-49215 for the data), and authentication.':
    '检查 libvirtd 是否监听 {{0}}、两者之间的防火墙（{{1}}，数据端口 49152-49215）以及认证。',
  'Check the host is up and port 22 (or its override in FERRY_SSH_HOSTS) is reachable from Ferry.':
    '检查该节点是否在线，以及 Ferry 能否访问 22 端口（或 FERRY_SSH_HOSTS 中配置的端口）。',
  'Check the name, or use the server ID.': '检查名称，或使用云主机 ID。',
  '{{0}} is not a compute host of this cloud. Did you mean {{1}}? Nothing was requested.':
    '{{0}} 不是这个云的计算节点。你是指 {{1}} 吗？未提出任何请求。',
  '{{0}} is not a compute host of this cloud: name one as openstack compute service list shows it (host names are case-sensitive), or leave the destination out and Ferry picks one. Nothing was requested.':
    '{{0}} 不是这个云的计算节点：请按 openstack compute service list 显示的名称指定节点（节点名区分大小写），或不指定目标，由 Ferry 选择。未提出任何请求。',
  'Choose a host where no member of the group runs.': '选择一个没有该组成员运行的节点。',
  'Choose a host with more room, or move something off it first.':
    '选择一个空间更多的节点，或先从它上面迁走一些云主机。',
  'Choose a host with the same hypervisor, or use --cold.': '选择 hypervisor 相同的节点，或使用 --cold。',
  'Choose a host with {{0}} or newer, upgrade {{1}}, or use --cold.':
    '选择运行 {{0}} 或更新版本的节点，升级 {{1}}，或使用 --cold。',
  'Choose another host, or leave the destination out to let the scheduler pick.':
    '选择其他节点，或不指定目的物理主机，让调度器选择。',
  'Choose another host, or re-enable it: openstack compute service set --enable {{0}} nova-compute':
    '选择其他节点，或重新启用它：openstack compute service set --enable {{0}} nova-compute',
  'Choose one way to move: {{0}}.': '只能选择一种迁移方式：{{0}}。',
  'Cloud:    {{0}}': '云：      {{0}}',
  'Cold-migrate {{0}}': '冷迁移 {{0}}',
  Completed: '已完成',
  Confirm: '确认',
  'Confirm or revert that migration first.': '先确认或回退那次迁移。',
  'Confirmation sent': '已发送确认',
  'Continue with {{0}}': '继续处理 {{0}}',
  'Could not check {{0}} over SSH: {{1}}': '无法通过 SSH 检查 {{0}}：{{1}}',
  'Could not reach Nova to {{0}}': '无法连接 Nova 来{{0}}',
  'Database: {{0}}': '数据库：  {{0}}',
  'Delete it. VIR_MIGRATE_TUNNELLED became live_migration_tunnelled (itself deprecated: prefer live_migration_with_native_tls); the other flags are set by Nova itself.':
    '删除它。VIR_MIGRATE_TUNNELLED 已变为 live_migration_tunnelled（它本身也已弃用：请改用 live_migration_with_native_tls）；其他标志由 Nova 自己设置。',
  'Delete it; use live_migration_completion_timeout with live_migration_timeout_action.':
    '删除它；改用 live_migration_completion_timeout 配合 live_migration_timeout_action。',
  'Destination differs from source': '目的物理主机与源物理主机不同',
  '{{0}} → {{1}}.': '{{0}} → {{1}}。',
  'Destination differs from the host': '目的物理主机不是该节点',
  'Destination exists': '目的物理主机存在',
  'Destination usable': '目的物理主机可用',
  "Destinations are a preview by Placement's numbers: each host's servers are placed again when its turn comes. Before every step Ferry plans it again; a step that no longer fits holds the drain for a new approval.":
    '目的物理主机是按 Placement 数据的预估：轮到每个节点时，会重新为它的云主机选择位置。每一步开始前 Ferry 都会重新规划该步骤；不再满足的步骤会搁置排空，等待重新审批。',
  'Did you mean {{0}}?': '你是指 {{0}} 吗？',
  'Disable nova-compute on {{0}}. It runs no servers, so nothing moves.':
    '禁用 {{0}} 上的 nova-compute。它上面没有云主机，所以没有要迁移的。',
  Drain: '排空',
  'Drain many compute hosts a few at a time for maintenance, servers back home after':
    '每次排空几个计算节点以便维护，之后云主机迁回原节点',
  'Drain report {{0}}': '排空报告 {{0}}',
  'Drain {{0}} has no host {{1}}.': '排空 {{0}} 中没有节点 {{1}}。',
  'Drain {{0}} is {{1}}, not approved.': '排空 {{0}} 处于 {{1}}，尚未批准。',
  'Drain {{0}} is {{1}}, not paused.': '排空 {{0}} 处于 {{1}}，未暂停。',
  'Drain {{0}} is {{1}}, not running.': '排空 {{0}} 处于 {{1}}，未在运行。',
  'Drain {{0}} is {{1}}; it waits for no approval.': '排空 {{0}} 处于 {{1}}；它不需要审批。',
  'Drain {{0}} is {{1}}; resume it first.': '排空 {{0}} 处于 {{1}}；请先恢复它。',
  'Drain {{0}} is {{1}}; there is nothing to stop.': '排空 {{0}} 处于 {{1}}；没有可停止的。',
  'Dry run': '预演',
  'Dry run: drain': '预演：排空',
  'Dry run: evacuation': '预演：疏散',
  'ETA unknown': '预计剩余时间未知',
  'ETA {{0}}': '预计剩余 {{0}}',
  'Empty hosts a few at a time for their maintenance. The plan shows each step with its servers, how each moves, and whether the hosts still in service can hold them (memory, vCPU, disk, hypervisors, server groups); one on-call approval covers the walk. Each host is disabled and emptied, then waits for you to press Host is back (a reboot is noticed too); it is enabled again, with --return its servers come home, and the next step starts. Pause, Resume, Stop and Skip host are buttons; /drain d-… skip <host> leaves out a host whose turn has not come (on-call). /drain list shows the drains, /drain d-… one of them.':
    '每次清空几个计算节点以便维护。计划列出每一步的云主机、各自的迁移方式，以及仍在服务的节点能否容纳它们（内存、vCPU、磁盘、hypervisor、云主机组）；值班人员一次审批即覆盖整个过程。每个节点先被禁用并清空，然后等你按下“节点已恢复”（重启也会被识别）；之后重新启用，使用 --return 时云主机迁回原节点，然后开始下一步。“暂停”、“恢复”、“停止”和“跳过节点”都是按钮；/drain d-… skip <节点> 可跳过尚未轮到的节点（仅值班人员）。/drain list 列出所有排空，/drain d-… 显示其中一个。',
  Emptying: '清空',
  'Enable libvirtd-tcp.socket (systemctl enable --now libvirtd-tcp.socket) on socket-activated hosts, or set listen_tcp = 1 and start libvirtd with --listen.':
    '在套接字激活的节点上启用 libvirtd-tcp.socket（systemctl enable --now libvirtd-tcp.socket），或设置 listen_tcp = 1 并以 --listen 启动 libvirtd。',
  'Enable libvirtd-tls.socket, or set listen_tls = 1 with --listen.':
    '启用 libvirtd-tls.socket，或设置 listen_tls = 1 并使用 --listen。',
  'Enable or add a compute host.': '启用或添加一个计算节点。',
  'Evacuate now': '立即疏散',
  Evacuating: '疏散中',
  Evacuation: '疏散',
  'Evacuation report': '疏散报告',
  'Evacuation stopping': '疏散正在停止',
  'Evacuation {{0}} has not finished; servers go back once it has.':
    '疏散 {{0}} 尚未结束；结束后云主机才会迁回。',
  'Evacuation {{0}} is a step of drain {{1}}, which brings its servers back (with --return).':
    '疏散 {{0}} 是排空 {{1}} 的一步，由排空负责迁回云主机（使用 --return 时）。',
  'Evacuation {{0}} is already {{1}}.': '疏散 {{0}} 已经是 {{1}}。',
  'Evacuation {{0}} is {{1}}, not approved.': '疏散 {{0}} 处于 {{1}}，尚未批准。',
  'Evacuation {{0}} is {{1}}; there is nothing to stop.': '疏散 {{0}} 处于 {{1}}；没有可停止的。',
  'Evacuation {{0}} of {{1}}: {{2}}': '疏散 {{0}}（{{1}}）：{{2}}',
  'Examples:': '示例：',
  'Expected "to <host>" after the host, got "{{0}}".': '节点之后应为“to <节点>”，收到的是“{{0}}”。',
  'Expected "to <host>" after the server, got "{{0}}".': '云主机之后应为“to <节点>”，收到的是“{{0}}”。',
  'Expected on a compute host; cold migration copies disks as nova over SSH.':
    '计算节点上应当存在；冷迁移以 nova 用户通过 SSH 复制磁盘。',
  'FERRY_SSH_KEY {{0}} cannot be read ({{1}}): fix the path or its permissions.':
    '无法读取 FERRY_SSH_KEY {{0}}（{{1}}）：请修正路径或权限。',
  'FERRY_SSH_KEY {{0}} cannot be used ({{1}}): set FERRY_SSH_KEY_PASSPHRASE for an encrypted key.':
    '无法使用 FERRY_SSH_KEY {{0}}（{{1}}）：加密的密钥需要设置 FERRY_SSH_KEY_PASSPHRASE。',
  Failed: '失败',
  'Faults exist only on the built-in sandbox cloud.': '只有内置沙箱云才能注入故障。',
  'Ferry could not post evacuation {{0}} in this channel. Is the Ferry app a member of it?':
    'Ferry 无法在此频道发布疏散 {{0}}。Ferry 应用是否已加入此频道？',
  'Ferry could not post request {{0}} in this channel. Is the Ferry app a member of it? (/invite @ferry)':
    'Ferry 无法在此频道发布请求 {{0}}。Ferry 应用是否已加入此频道？（/invite @ferry）',
  'Ferry could not post the drain in this channel. Is the Ferry app a member of it? (/invite @ferry)':
    'Ferry 无法在此频道发布排空。Ferry 应用是否已加入此频道？（/invite @ferry）',
  'Ferry enables nova-compute on {{0}} once it reports up{{1}}.':
    '{{0}} 上的 nova-compute 报告在线后，Ferry 会启用它{{1}}。',
  'Ferry enables {{0}} again as it is{{1}}, and goes on.': 'Ferry 会按原样重新启用 {{0}}{{1}}，然后继续。',
  'Ferry is moving {{0}}': 'Ferry 正在迁移 {{0}}',
  'Ferry is stopping; it starts {{0}} once it is back.': 'Ferry 正在停止；它恢复后会启动 {{0}}。',
  'Ferry is {{0}} {{1}}': 'Ferry 正在{{0}} {{1}}',
  'Ferry picked up watching again': 'Ferry 已重新接手监视',
  'Ferry restarted; watching again': 'Ferry 已重启；继续监视',
  'Ferry stopped before it asked Nova to start the migration; it asks now':
    'Ferry 在请求 Nova 开始迁移之前停止了；现在发出请求',
  'Ferry stopped while it asked Nova to start the migration; checking whether it started':
    'Ferry 在请求 Nova 开始迁移时停止了；正在确认迁移是否已开始',
  'Ferry stopped watching after an unexpected error: {{0}}. Check the server with /migrations {{1}}.':
    'Ferry 因意外错误停止监视：{{0}}。请用 /migrations {{1}} 检查云主机。',
  'Ferry stopped watching; the migration was left running. Check it with openstack server migration list.':
    'Ferry 已停止监视；迁移仍在进行。请用 openstack server migration list 检查。',
  'Ferry — console mode (no SLACK_BOT_TOKEN set: this terminal stands in for Slack channel #console)':
    'Ferry — 控制台模式（未设置 SLACK_BOT_TOKEN：这个终端代替 Slack 频道 #console）',
  "Ferry's cloud credentials lack the admin role needed to disable services and migrate.":
    'Ferry 的云凭据缺少禁用服务和迁移所需的 admin 角色。',
  "Ferry's cloud setup is wrong: {{0}}": 'Ferry 的云配置有误：{{0}}',
  "Ferry's database refused: {{0}}": 'Ferry 的数据库拒绝了操作：{{0}}',
  'Find out why it is in ERROR{{0}} before moving it; reset its state only once the hypervisor agrees.':
    '先查明它为何处于 ERROR{{0}} 再迁移；只有在 hypervisor 确认后才重置它的状态。',
  'Fine for one server; plan before moving more there.': '迁一台没问题；要迁更多台到那里请先规划。',
  'Finish the maintenance and enable nova-compute on {{0}} (openstack compute service set --enable {{1}} nova-compute), then press Move back again.':
    '完成维护并启用 {{0}} 上的 nova-compute（openstack compute service set --enable {{1}} nova-compute），然后再次按“迁回”按钮。',
  "Fix Ferry's SSH settings (FERRY_SSH_KEY, FERRY_SSH_KEY_PASSPHRASE).":
    '修正 Ferry 的 SSH 设置（FERRY_SSH_KEY、FERRY_SSH_KEY_PASSPHRASE）。',
  'Force complete': '强制完成',
  'Force complete applies to live migrations only.': '强制完成只适用于热迁移。',
  'Force complete requested': '已请求强制完成',
  'Force it to complete?': '强制完成它？',
  'Free or add room, drain fewer hosts at once, or leave the hosts that do not fit out.':
    '释放或增加空间，每次少排空几个节点，或去掉放不下的节点。',
  "Free or add a host that can take them (each server's line says what rules each host out), drain fewer hosts at once, or leave the hosts that do not fit out.":
    '释放或增加能容纳它们的节点（每台云主机那一行说明了各节点被排除的原因），每次少排空几个节点，或去掉放不下的节点。',
  "Give Ferry's account the admin role.": '给 Ferry 的账号授予 admin 角色。',
  'Give the SSH user read access (it needs no more), or set the path.':
    '给 SSH 用户读权限（只需要读），或设置路径。',
  "Give the account or application credential Ferry uses the cloud's admin role.":
    '给 Ferry 使用的账号或应用凭据授予云的 admin 角色。',
  'Go on with the new plan?': '按新计划继续？',
  'Host checks need SSH: set FERRY_SSH_USER (and FERRY_SSH_KEY, FERRY_SSH_KNOWN_HOSTS); see README "Host check".':
    '节点检查需要 SSH：设置 FERRY_SSH_USER（以及 FERRY_SSH_KEY、FERRY_SSH_KNOWN_HOSTS）；见 README“Host check”。',
  'Host configuration': '节点配置',
  'Host configuration ({{0}})': '节点配置（{{0}}）',
  'Host exists': '节点存在',
  'Host is back': '节点已恢复',
  'Host key not trusted': '主机密钥不受信任',
  'Hosts already disabled': '已被禁用的节点',
  'Hosts exist': '节点存在',
  'Hypervisor type and version': '虚拟化层类型和版本',
  "Install Ferry's public key for the SSH user on the host (FERRY_SSH_USER, FERRY_SSH_KEY).":
    '在该节点上为 SSH 用户安装 Ferry 的公钥（FERRY_SSH_USER、FERRY_SSH_KEY）。',
  'Is {{0}} back?': '{{0}} 已恢复了吗？',
  'It is back': '已恢复',
  'Keep it only if you want resize onto the same host; a libvirt cold migration always picks another host whatever it says.':
    '只有需要在同一节点上调整规格时才保留；libvirt 的冷迁移无论如何都会选择其他节点。',
  'Keep one: post-copy for busy guests (needs vm.unprivileged_userfaultfd=1 on newer kernels), or auto-converge.':
    '保留一个：繁忙虚拟机用 post-copy（较新内核需要 vm.unprivileged_userfaultfd=1），或用 auto-converge。',
  'Language: {{0}} (FERRY_LANG)': '语言：    {{0}}（FERRY_LANG）',
  'Sandbox:  the built-in sandbox cloud started afresh with this process and has no record of the move in flight before the restart; its thread says what Nova shows of it.':
    '沙箱：    内置沙箱云随本进程重新启动，已没有重启前进行中的那个迁移的任何记录；它的消息串会说明 Nova 显示的情况。',
  '{{0}} (compute API {{1}})': '{{0}}（compute API {{1}}）',
  "Sandbox:  the built-in sandbox cloud started afresh with this process and has no record of the {{0}} moves in flight before the restart; each one's thread says what Nova shows of it.":
    '沙箱：    内置沙箱云随本进程重新启动，已没有重启前进行中的 {{0}} 个迁移的任何记录；每个迁移的消息串会说明 Nova 显示的情况。',
  "Leave connection_uri empty (local qemu:///system); the runbook's qemu+tcp value is for virsh tests, not for nova-compute.":
    '保持 connection_uri 为空（本地 qemu:///system）；手册中的 qemu+tcp 值用于 virsh 测试，不是给 nova-compute 用的。',
  'Leave out --block-migration to let Nova decide (block_migration "auto").':
    '去掉 --block-migration，让 Nova 决定（block_migration “auto”）。',
  'Leave out --block-migration: only memory needs to move.': '去掉 --block-migration：只需要迁移内存。',
  'List active migrations, show one with its history, or abort / force-complete one (on-call only).':
    '列出进行中的迁移，查看某个迁移及其历史，或中止 / 强制完成某个迁移（仅值班人员）。',
  'List, inspect, abort or force-complete migrations': '列出、查看、中止或强制完成迁移',
  'Live migration connects with qemu+{{0}}': '热迁移使用 qemu+{{0}} 连接',
  'Live migrations never time out in Nova': 'Nova 中的热迁移永不超时',
  'Look at the server before retrying; /migrations shows the history.':
    '重试前先检查云主机；/migrations 会显示历史。',
  'Maintenance of {{0}} in {{1}}{{2}}': '{{0}} 的维护将在 {{1}} 后开始{{2}}',
  'Maintenance window {{0}}': '维护窗口 {{0}}',
  'Maintenance window {{0}} for {{1}}': '{{1}} 的维护窗口 {{0}}',
  'Migration request': '迁移申请',
  'Migration {{0}}': '迁移 {{0}}',
  'Migration {{0}} ended: {{1}}': '迁移 {{0}} 已结束：{{1}}',
  'Migration {{0}} has already ended ({{1}}).': '迁移 {{0}} 已经结束（{{1}}）。',
  'Migration {{0}} of {{1}} ended: *{{2}}*.': '{{1}} 的迁移 {{0}} 已结束：*{{2}}*。',
  'Migration {{0}} of {{1}} started: {{2}} → {{3}}.': '{{1}} 的迁移 {{0}} 已开始：{{2}} → {{3}}。',
  'Nova marked the migration {{0}}: {{1}}. {{2}} is {{3}} on {{4}}.':
    'Nova 把迁移标记为{{0}}：{{1}}。{{2}} 在 {{4}} 上，状态为 {{3}}。',
  'Move back': '迁回',
  'Move back to {{0}}': '迁回 {{0}}',
  'Move the list to [filter_scheduler] enabled_filters (on the scheduler host).':
    '把该列表移到 [filter_scheduler] enabled_filters（在调度器节点上）。',
  'Move the servers back?': '把云主机迁回？',
  'Move the whole group (e.g. with /evacuate), or take it out of the group.':
    '迁移整个组（例如用 /evacuate），或把它移出该组。',
  "Ferry checks each server that left {{0}} where it is now, and posts the move back's plan: nothing moves before another on-call person approves it.":
    'Ferry 逐台检查离开 {{0}} 的云主机现在所在的位置，并贴出迁回计划：另一位值班人员批准之前不会迁移任何云主机。',
  'Move {{0}} back to {{1}}?': '把 {{0}} 迁回 {{1}}？',
  'Move-back report': '迁回报告',
  'Moves in flight finish; no new ones start.': '进行中的迁移会完成；不再启动新的迁移。',
  'Moving back': '正在迁回',
  'Moving back onto': '迁回到',
  'Moving does not break the policy of {{0}}.': '迁移不会破坏 {{0}} 的策略。',
  'Name an enabled, running host, or none to let Ferry spread the servers.':
    '指定一个已启用、在运行的节点，或不指定，由 Ferry 分散云主机。',
  'Name another host, or none.': '指定其他节点，或不指定。',
  'Name hosts as /migrations or openstack compute service list shows them.':
    '按 /migrations 或 openstack compute service list 显示的名称指定节点。',
  'Name hosts, a zone or an aggregate: one of them.': '指定节点、可用区或主机聚合中的一种。',
  'Name the destination after "to".': '在“to”之后指定目的物理主机。',
  'Name the host after "to".': '在“to”之后指定节点。',
  'Name the host to empty.': '指定要清空的节点。',
  'Name the hosts to drain, or --zone <zone>, or --aggregate <name>.':
    '指定要排空的节点，或 --zone <可用区>，或 --aggregate <主机聚合>。',
  'Name the migration to {{0}}, e.g. /migrations {{1}} m-1a2b3c.\n{{2}}':
    '指定要{{0}}的迁移，例如 /migrations {{1}} m-1a2b3c。\n{{2}}',
  'Name the server to move.': '指定要迁移的云主机。',
  'Name the window to cancel, e.g. /maintenance cancel w-1a2b3c.':
    '指定要取消的窗口，例如 /maintenance cancel w-1a2b3c。',
  'Name two different hosts, or one.': '指定两个不同的节点，或一个。',
  'Native TLS is on for one host only': '只有一个节点启用了原生 TLS',
  'Needs one approval from {{0}} (not the requester). Expires {{1}}.':
    '需要 {{0}} 中的一人审批（申请人除外）。{{1}} 过期。',
  'Neither post-copy nor auto-converge is permitted: a busy guest may never converge':
    'post-copy 和 auto-converge 都不允许：繁忙的虚拟机可能永远无法收敛',
  'No button "{{0}}". {{1}}': '没有按钮“{{0}}”。{{1}}',
  'No button to press, and "{{0}}" is not a command. Type help.':
    '没有可按的按钮，“{{0}}”也不是命令。输入 help 查看帮助。',
  'No buttons to press.': '没有可按的按钮。',
  "No destination given: Nova's scheduler will choose one.": '未指定目的物理主机：由 Nova 调度器选择。',
  'No drain has been asked for.': '还没有人申请过排空。',
  'No drain {{0}}.': '没有排空 {{0}}。',
  'No end after {{0}}; Ferry stopped watching and left the migration as it is (server {{1}} on {{2}}). Decide with /migrations abort {{3}} or check Nova.':
    '{{0}}后仍未结束；Ferry 已停止监视，迁移保持原样（云主机 {{1}}，在 {{2}} 上）。请用 /migrations abort {{3}} 决定，或检查 Nova。',
  'No evacuation {{0}} to move back.': '没有可迁回的疏散 {{0}}。',
  'No evacuation {{0}}.': '没有疏散 {{0}}。',
  'No host can take {{0}} ({{1}}). {{2}}.': '没有节点能容纳 {{0}}（{{1}}）。{{2}}。',
  'No host was started for this step. Mend what fails (room, a service), then press Approve new plan: each host of the step is then planned on the cloud as it is at its start. Approved without mending, a host that cannot be emptied leaves servers behind. Or stop the drain.':
    '这一步没有启动任何节点。先修复失败的项目（空间、服务），再按“批准新计划”：这一步的每个节点会在开始时按云当时的状态重新规划。未修复就批准时，无法清空的节点会留下一些云主机。也可以停止排空。',
  'No maintenance window is scheduled.': '没有已安排的维护窗口。',
  'No maintenance window {{0}}.': '没有维护窗口 {{0}}。',
  'No migration or request {{0}}.': '没有迁移或请求 {{0}}。',
  'No migration {{0}}.': '没有迁移 {{0}}。',
  'No move {{0}}.': '没有迁移申请 {{0}}。',
  'No new host starts.': '不再开始新的节点。',
  'No new host starts; moves in flight finish. Hosts already empty stay disabled for their maintenance.':
    '不再开始新的节点；进行中的迁移会完成。已清空的节点保持禁用以便维护。',
  'No new moves start and running live migrations are cancelled (servers stay where they are).':
    '不再启动新的迁移，进行中的热迁移会被取消（云主机留在原处）。',
  'No nova user on this host': '该节点上没有 nova 用户',
  'No one called "{{0}}". Roster: {{1}}.': '没有叫“{{0}}”的人。名单：{{1}}。',
  'No server left {{0}} with evacuation {{1}}.': '没有云主机随疏散 {{1}} 离开 {{0}}。',
  'No server named or with ID "{{0}}" exists in any project.':
    '任何项目中都没有名为或 ID 为“{{0}}”的云主机。',
  'No server was waiting for it.': '没有云主机在等它。',
  'Not compute hosts of this cloud: {{0}}.': '不是这个云的计算节点：{{0}}。',
  'Aggregate {{0}} holds no compute hosts of this cloud.': '主机聚合 {{0}} 中没有这个云的计算节点。',
  'No compute host of this cloud is in availability zone {{0}}.': '可用区 {{0}} 中没有这个云的计算节点。',
  'This cloud has no aggregate {{0}}.': '这个云没有主机聚合 {{0}}。',
  '{{0}} is an aggregate: /drain --aggregate {{1}} drains its hosts.':
    '{{0}} 是主机聚合：/drain --aggregate {{1}} 会排空其中的节点。',
  'Not evaluated: {{0}} is not a compute host of this cloud.': '未评估：{{0}} 不是这个云的计算节点。',
  'Not moved, still on {{0}}: {{1}}. Ask again once it is back, or evacuate them elsewhere.':
    '未迁移，仍在 {{0}} 上：{{1}}。等它恢复后重新申请，或把它们疏散到别处。',
  'Nothing is moving.': '没有正在迁移的云主机。',
  'Nothing is running: /wait has nothing to wait for.': '没有正在进行的操作：/wait 没有可等待的。',
  '/wait has nothing to wait for: Ferry itself is not at work now. Waiting for a person: {{0}}.':
    '/wait 没有可等待的：Ferry 自己现在没有在进行的操作。等待人工操作：{{0}}。',
  'Ferry itself is not at work now. Waiting for a person: {{0}}.':
    'Ferry 自己现在没有在进行的操作。等待人工操作：{{0}}。',
  'Nothing listens on {{0}}: peers cannot migrate to {{1}}': '{{0}} 上没有监听：其他节点无法迁移到 {{1}}',
  'Nothing moved back: {{0}} {{1}}': '没有迁回任何云主机：{{0}} {{1}}',
  'Nothing moved. Read the reason, fix it, and ask again with /migrate.':
    '什么都没有迁移。阅读原因并修正后，用 /migrate 重新申请。',
  'Nothing moved. Ask again with /migrate once you know why it stopped.':
    '什么都没有迁移。弄清它为何停止后，再用 /migrate 重新申请。',
  "Nothing moved. Find the cause in nova-compute's log as said, fix it, and ask again with /migrate.":
    '什么都没有迁移。按上文所示在 nova-compute 日志中找出原因并修正后，用 /migrate 重新申请。',
  'Nothing to confirm: the migration is {{0}}.': '没有可确认的：迁移处于 {{0}}。',
  'Nothing to revert: the migration is {{0}}.': '没有可回退的：迁移处于 {{0}}。',
  'Nothing was done: the confirmation was sent already, and Nova is confirming the move.':
    '未执行任何操作：确认已经发送，Nova 正在确认这次迁移。',
  'Nothing was done: the revert was sent already, and Nova is moving the server back.':
    '未执行任何操作：回退已经发送，Nova 正在把云主机迁回。',
  '{{0}} on {{1}}: confirmation sent; Nova confirms the move, which frees {{2}}.':
    '{{0}} 在 {{1}} 上：已发送确认；Nova 确认这次迁移后会释放 {{2}}。',
  '{{0}} on {{1}}: revert sent; Nova moves it back to {{2}}.':
    '{{0}} 在 {{1}} 上：已发送回退；Nova 会把它迁回 {{2}}。',
  'Nothing waits for approval.': '没有等待审批的事项。',
  'Nova cancelled the migration itself, not through Ferry: live_migration_completion_timeout ran out (with live_migration_timeout_action = abort), or someone aborted it outside Ferry. {{0}} is {{1}} on {{2}} again.':
    'Nova 自己取消了迁移，不是通过 Ferry：live_migration_completion_timeout 已到（且 live_migration_timeout_action = abort），或有人在 Ferry 之外中止了它。{{0}} 又在 {{2}} 上，状态为 {{1}}。',
  'Nova force-completes only a running migration; this one is {{0}}.':
    'Nova 只能强制完成正在运行的迁移；这个迁移处于 {{0}}。',
  'Nova has not created the migration record yet; try again in a few seconds.':
    'Nova 还没有创建迁移记录；请几秒后再试。',
  'Nova marked the migration {{0}}, but {{1}} is still on {{2}}. Check it before trusting it.':
    'Nova 把迁移标记为{{0}}，但 {{1}} 仍在 {{2}} 上。信任它之前请先检查。',
  'Nova no longer has the record of migration {{0}} (was the cloud reset or restored?). {{1}} is {{2}} on {{3}}; check it before asking again.':
    'Nova 已不再有迁移 {{0}} 的记录（云是否被重置或恢复过？）。{{1}} 在 {{3}} 上，状态为 {{2}}；重新申请前请先检查。',
  'Nova pauses {{0}} (or switches to post-copy) until the last memory is copied. The guest stops briefly.':
    'Nova 会暂停 {{0}}（或切换到 post-copy），直到最后的内存复制完成。虚拟机会短暂停顿。',
  "Nova recorded the migration as {{0}} ({{1}}), yet {{2}} is {{3}} on {{4}}: it moved, but Nova's records disagree. Check the server and Placement's allocations on {{5}} and {{6}} before trusting either.":
    'Nova 记录迁移为{{0}}（{{1}}），但 {{2}} 在 {{4}} 上，状态为 {{3}}：它已迁移，但 Nova 的记录不一致。信任任何一方之前，请检查云主机以及 Placement 在 {{5}} 和 {{6}} 上的分配。',
  "{{0}} was the last step Ferry saw; Nova records no reason, look in nova-compute's log on {{1}} for instance {{2}}":
    'Ferry 最后看到的步骤是“{{0}}”；Nova 没有记录原因，请查看 {{1}} 上 nova-compute 日志中实例 {{2}} 的记录',
  'Nova refused to start ({{0}}): {{1}}{{2}}.': 'Nova 拒绝启动（{{0}}）：“{{1}}”{{2}}。',
  'Nova refused to start: {{0}} (409: the server changed since the checks; look at it and ask again).':
    'Nova 拒绝启动：“{{0}}”（409：检查之后云主机发生了变化；请查看后重新申请）。',
  'Nova refused to {{0}}': 'Nova 拒绝{{0}}',
  "Nova refused: {{0}} (Ferry's credentials need the admin role).":
    'Nova 拒绝：“{{0}}”（Ferry 的凭据需要 admin 角色）。',
  'Nova request IDs: {{0}}': 'Nova 请求 ID：{{0}}',
  'Nova request {{0}}': 'Nova 请求 {{0}}',
  'Nova rolled the migration back and marked it {{0}}: {{1}} is {{2}} on {{3}} again. {{4}}.':
    'Nova 回滚了迁移并把它标记为{{0}}：{{1}} 又在 {{3}} 上，状态为 {{2}}。{{4}}。',
  "Nova's scheduler never picks the server's current host.": 'Nova 调度器从不选择云主机当前所在的节点。',
  'Nova: {{0}}{{1}}': 'Nova：{{0}}{{1}}',
  'On-call can *Force complete* ({{0}}) or *Abort* (it stays where it is).':
    '值班人员可以按“强制完成”（{{0}}）或“中止”（云主机留在原处）。',
  'pauses the guest briefly': '虚拟机短暂暂停',
  'pauses the guest until its disk copy ends, {{0}} left': '虚拟机暂停直到磁盘复制结束，还剩 {{0}}',
  'pauses the guest, until its disk copy ends if it still copies':
    '虚拟机暂停；若磁盘仍在复制，则暂停到磁盘复制结束',
  'force-complete asked: Nova shows no post-copy, and would not show the guest paused':
    '已请求强制完成：Nova 未显示 post-copy，而虚拟机若被暂停 Nova 也不会显示',
  '{{0}}, about {{1}} at the current pace': '{{0}}，按当前速度约需 {{1}}',
  '{{0}} still copies its disk ({{1}} left). Without post-copy Nova pauses the guest, and it stays paused until the disk copy ends and the last memory is copied: not briefly.':
    '{{0}} 仍在复制磁盘（还剩 {{1}}）。未启用 post-copy 时 Nova 会暂停虚拟机，并一直暂停到磁盘复制结束、最后的内存复制完成：并非短暂停顿。',
  'Nova pauses {{0}} (or switches to post-copy) until the last memory is copied. In a block migration, a guest paused while its disk still copies stays paused until that copy ends: not briefly.':
    'Nova 会暂停 {{0}}（或切换到 post-copy），直到最后的内存复制完成。块迁移中，若磁盘仍在复制时虚拟机被暂停，它会一直暂停到磁盘复制结束：并非短暂停顿。',
  'One approval covers exactly this plan: if its servers or how each moves change, Ferry asks again.{{0}} Needs {{1}}. Expires {{2}}.':
    '一次审批只覆盖这份计划：如果其中的云主机或各自的迁移方式有变化，Ferry 会重新请求审批。{{0}}需要 {{1}}。{{2}} 过期。',
  ' Destinations are a preview: each server goes where there is room when the evacuation starts.':
    '目的物理主机只是预览：疏散开始时，每台云主机会去当时有空间的地方。',
  'One approval covers this walk (the plan is in the thread). Needs {{0}}. Expires {{1}}.':
    '一次审批覆盖整个过程（计划见消息串）。需要 {{0}}。{{1}} 过期。',
  'One host tunnels migrations and the other does not': '一个节点用隧道迁移，另一个不用',
  'Only on-call staff may approve drains: {{0}}.': '只有值班人员可以审批排空：{{0}}。',
  'Only on-call staff may {{0}} moves: {{1}}.': '只有值班人员可以{{0}}迁移：{{1}}。',
  'Only on-call staff may abort a migration: {{0}}.': '只有值班人员可以中止迁移：{{0}}。',
  'Only on-call staff may force a migration to complete: {{0}}.': '只有值班人员可以强制完成迁移：{{0}}。',
  'Only on-call staff may confirm a migration: {{0}}.': '只有值班人员可以确认迁移：{{0}}。',
  'Only on-call staff may revert a migration: {{0}}.': '只有值班人员可以回退迁移：{{0}}。',
  'Only on-call staff may stop an evacuation: {{0}}.': '只有值班人员可以停止疏散：{{0}}。',
  'Only on-call staff may move servers back: {{0}}.': '只有值班人员可以迁回云主机：{{0}}。',
  'Only on-call staff may pause a drain: {{0}}.': '只有值班人员可以暂停排空：{{0}}。',
  'Only on-call staff may resume a drain: {{0}}.': '只有值班人员可以恢复排空：{{0}}。',
  'Only on-call staff may stop a drain: {{0}}.': '只有值班人员可以停止排空：{{0}}。',
  'Only on-call staff may say a host is back: {{0}}.': '只有值班人员可以确认节点已恢复：{{0}}。',
  'Only on-call staff may continue a drain: {{0}}.': '只有值班人员可以继续排空：{{0}}。',
  'Only on-call staff may skip a host of a drain: {{0}}.': '只有值班人员可以跳过排空中的节点：{{0}}。',
  'Only the requester or on-call staff may change the plan.': '只有申请人或值班人员可以修改计划。',
  'Only whoever scheduled the window or on-call staff may cancel it.':
    '只有安排该窗口的人或值班人员可以取消它。',
  'Outcome: {{0}}': '结果：{{0}}',
  Parameters: '参数检查',
  Pause: '暂停',
  'Peers reach this host at its inbound address': '其他节点通过入站地址访问本节点',
  'People:   {{0}}. You are {{1}}; /as bob to switch.': '人员：    {{0}}。你是 {{1}}；用 /as bob 切换。',
  Permission: '权限检查',
  'Pick one of: {{0}}.': '请从中选择：{{0}}。',
  '{{0}} … and {{1}} more (openstack compute service list shows them all)':
    '{{0}} … 另有 {{1}} 个（openstack compute service list 会全部列出）',
  'Placement reports no memory inventory': 'Placement 没有报告内存资源',
  'Plan and request emptying a compute host (needs on-call approval)':
    '规划并申请清空一个计算节点（需要值班人员审批）',
  'Post-copy and auto-converge are both permitted; post-copy wins and auto-converge is not used':
    'post-copy 和 auto-converge 都允许；post-copy 优先，auto-converge 不会使用',
  'Prefer another host.': '最好选择其他节点。',
  "Read a compute host's nova.conf and libvirtd.conf over SSH and test libvirt and nova-user SSH to its peer.":
    '通过 SSH 读取计算节点的 nova.conf 和 libvirtd.conf，并测试到对端节点的 libvirt 和 nova 用户 SSH。',
  'Real Slack: set SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP); see README.':
    '真实 Slack：设置 SLACK_BOT_TOKEN，以及 SLACK_APP_TOKEN（Socket Mode）或 SLACK_SIGNING_SECRET（HTTP）；见 README。',
  Reject: '拒绝',
  'Reject migration': '拒绝迁移',
  'Reminders go to {{0}} before it. To have the host emptied when it starts, ask now and get it approved ahead: `/evacuate {{1}} --window {{2}}`.':
    '开始前提醒会发到{{0}}。如果希望窗口开始时清空该节点，现在就申请并提前获得审批：`/evacuate {{1}} --window {{2}}`。',
  'Remove it and use live_migration_scheme (and live_migration_inbound_addr); a URI without %s sends every migration to one host.':
    '删除它并使用 live_migration_scheme（以及 live_migration_inbound_addr）；不含 %s 的 URI 会把所有迁移发往同一个节点。',
  'Remove {{0}} from the filter list; the scheduler fails to start with unknown filters on current releases.':
    '从过滤器列表中删除 {{0}}；当前版本的调度器遇到未知过滤器会无法启动。',
  'Replace it with live_migration_scheme = tcp|tls and, if needed, live_migration_inbound_addr.':
    '改为 live_migration_scheme = tcp|tls，必要时再设置 live_migration_inbound_addr。',
  'Request {{0}} has expired; ask again to get fresh checks.':
    '请求 {{0}} 已过期；请重新申请以获得最新检查结果。',
  'Request {{0}} has no resolved server.': '请求 {{0}} 没有解析出云主机。',
  'Request {{0}} is already {{1}}{{2}}.': '请求 {{0}} 已经是 {{1}}{{2}}。',
  'Request {{0}} is {{1}}; it has not started a migration.': '请求 {{0}} 处于 {{1}}；它还没有启动迁移。',
  'Requested by <@{{0}}>{{1}} ({{2}})': '申请人 <@{{0}}>{{1}}（{{2}}）',
  Resume: '恢复',
  Revert: '回退',
  'Revert requested': '已请求回退',
  'Revert the migration?': '回退这次迁移？',
  Reverted: '已回退',
  'Rolled back': '已回滚',
  'Room at every step': '每一步的空间',
  'Room elsewhere': '其他节点的空间',
  'Room for everything': '全部云主机的空间',
  'Room on the destination': '目的物理主机有足够资源',
  'Room on {{0}}': '{{0}} 上的空间',
  'Run {{0}}.': '执行 {{0}}。',
  'SSH failed': 'SSH 失败',
  'Say "to {{0}}" next time: Nova\'s migration target is the nova-compute host, not the node name.':
    '下次请写“to {{0}}”：Nova 的迁移目标是 nova-compute 节点，而不是 node 名称。',
  'Say when, e.g. "saturday 02:00".': '请说明时间，例如“saturday 02:00”。',
  'Say which compute host a server (name or ID) is on, with its status, task state and power state as Nova says now.':
    '说明云主机（名称或 ID）当前所在的计算节点，以及 Nova 此刻给出的状态、任务状态和电源状态。',
  "Schedule a host's maintenance window; Ferry reminds the channel before it":
    '安排计算节点的维护窗口；Ferry 会提前在频道中提醒',
  'Schedule a maintenance window; reminders go to the channel before it, with an "Evacuate now" button.':
    '安排维护窗口；开始前会在频道中提醒，并附带“立即疏散”按钮。',
  'Server group policy': '云主机组策略',
  'Server state': '云主机状态',
  'ServerGroupAntiAffinityFilter is not enabled: anti-affinity groups are not enforced on moves':
    '未启用 ServerGroupAntiAffinityFilter：迁移时不会强制执行反亲和组',
  'Servers of project *{{0}}*': '项目 *{{0}}* 的云主机',
  'Servers of {{0}} are already moving back ({{1}}).': '{{0}} 的云主机已经在迁回（{{1}}）。',
  'Set [vnc] server_listen = 0.0.0.0 (and firewall the console ports), or the migrated guest cannot start there.':
    '设置 [vnc] server_listen = 0.0.0.0（并用防火墙保护控制台端口），否则迁移后的虚拟机无法在那里启动。',
  'Set a number (default 1); Ferry already limits how many it starts.':
    '设置一个数值（默认 1）；Ferry 本身已限制同时启动的数量。',
  'Set a timeout (default 800 s per GiB) with live_migration_timeout_action = abort or force_complete.':
    '设置超时（默认每 GiB 800 秒），并设置 live_migration_timeout_action = abort 或 force_complete。',
  'Set live_migration_permit_auto_converge = True (or permit post-copy); Ferry can still force-complete a stalled migration.':
    '设置 live_migration_permit_auto_converge = True（或允许 post-copy）；Ferry 仍可以强制完成停滞的迁移。',
  'Set the same [libvirt] live_migration_scheme on both.':
    '在两个节点上设置相同的 [libvirt] live_migration_scheme。',
  'Set the same live_migration_tunnelled on both (better: False, with native TLS).':
    '在两个节点上设置相同的 live_migration_tunnelled（更好：False，并使用原生 TLS）。',
  'Set the same live_migration_with_native_tls on both.':
    '在两个节点上设置相同的 live_migration_with_native_tls。',
  Skip: '跳过',
  'Skip host': '跳过节点',
  'Skip them, cold-migrate those offered it, or free capacity and ask again.':
    '跳过它们、对可以冷迁移的进行冷迁移，或释放容量后重新申请。',
  'Skip {{0}}?': '跳过 {{0}}？',
  'Skipped {{0}} in drain {{1}}.': '已在排空 {{1}} 中跳过 {{0}}。',
  'Some checks fail; each says why.': '部分检查未通过；每项都说明了原因。',
  'Some servers cannot move live. Cold-migrate them (they restart on the new host), or leave them where they are:':
    '部分云主机不能热迁移。可以冷迁移它们（会在新节点上重启），或把它们留在原处：',
  'Something listens on {{0}} ({{1}})': '{{0}} 上有服务在监听（{{1}}）',
  'Something unexpected went wrong inside Ferry (incident {{0}}); its log has the details under that ID. Try again, and tell its admins if it repeats.':
    'Ferry 内部出现意外错误（事件编号 {{0}}）；日志中以该编号记录了详情。请重试，如果反复出现请告知管理员。',
  'Something unexpected went wrong inside Ferry. Try again, and tell its admins if it repeats.':
    'Ferry 内部出现意外错误。请重试，如果反复出现请告知管理员。',
  'Start nova-compute on {{0}} (a dead host needs evacuation, not migration)':
    '启动 {{0}} 上的 nova-compute（宕机的节点需要疏散重建，而不是迁移）',
  'Start nova-compute on {{0}}, or choose another host': '启动 {{0}} 上的 nova-compute，或选择其他节点',
  'Start nova-compute on {{0}}, or rebuild its servers elsewhere with openstack server evacuate.':
    '启动 {{0}} 上的 nova-compute，或用 openstack server evacuate 在别处重建它的云主机。',
  'Start nova-compute there, or leave that host out of the drain.':
    '在该节点上启动 nova-compute，或把它从排空中去掉。',
  'Start nova-compute there, or leave those hosts out of the drain.':
    '在那些节点上启动 nova-compute，或把它们从排空中去掉。',
  'Start, unlock or repair them first, or expect the drain to stop at their hosts.':
    '先启动、解锁或修复它们，否则排空会在它们所在的节点处停下。',
  'Status {{0}}, task state {{1}}, power state {{2}}.': '状态为 {{0}}，任务状态 {{1}}，电源状态 {{2}}。',
  'Status {{0}}, no task running, power state {{1}}.': '状态为 {{0}}，无正在执行的任务，电源状态 {{1}}。',
  'Still disabled: {{0}}. Enable each when it is healthy: `openstack compute service set --enable <host> nova-compute`.':
    '仍被禁用：{{0}}。各节点恢复正常后请启用：`openstack compute service set --enable <节点> nova-compute`。',
  Stop: '停止',
  'Stop and abort': '停止并中止',
  'Stop and abort running': '停止并中止进行中的迁移',
  'Stop drain': '停止排空',
  'Stop starting new moves': '停止启动新的迁移',
  'Stop the drain?': '停止这次排空？',
  'Stop the evacuation?': '停止这次疏散？',
  'Storage and block migration': '存储与块迁移',
  'TCP connections authenticate with {{0}}': 'TCP 连接使用 {{0}} 认证',
  'That is more than a year ahead; schedule windows within the next twelve months.':
    '超过一年之后了；请安排在未来十二个月内的窗口。',
  'That server has no cold-migration alternative.': '该云主机没有冷迁移的选项。',
  'That time has already passed.': '这个时间已经过去了。',
  'The SSH host check passes {{0}} → {{1}} for live and cold moves.':
    'SSH 节点检查通过：{{0}} → {{1}}，热迁移和冷迁移均可。',
  'The SSH host check rules out {{0}}; the preview avoids them.':
    'SSH 节点检查排除了 {{0}}；预览已避开它们。',
  'The cloud changed since this was approved, so the approval no longer holds. Ferry asks again with the new plan: {{0}}.':
    '批准后云环境发生了变化，所以这次批准不再有效。Ferry 用新计划重新请求审批：{{0}}。',
  "{{0}} did not answer ({{1}}). Try again shortly; if it persists, check the cloud's API.":
    '{{0}} 没有响应（{{1}}）。请稍后重试；如果持续出现，请检查云的 API。',
  "{{0}} did not answer ({{1}}). If it persists, check the cloud's API.":
    '{{0}} 没有响应（{{1}}）。如果持续出现，请检查云的 API。',
  'The drain continues from this step with the plan shown.': '排空将从这一步开始按所示计划继续。',
  'The drain is held: {{0}}': '排空已搁置：{{0}}',
  'The host presents a key someone revoked: find out why before trusting it again.':
    '该节点出示了一个已被吊销的密钥：信任它之前请查明原因。',
  'The migration is in post-copy: the guest already runs on the destination and cannot be pulled back.':
    '迁移处于 post-copy 阶段：虚拟机已在目的物理主机上运行，无法拉回。',
  'The nova user has no login shell: cold migration cannot copy disks':
    'nova 用户没有登录 shell：冷迁移无法复制磁盘',
  'The nova user logs in with {{0}}': 'nova 用户的登录 shell 是 {{0}}',
  'The plan changed; approval needed again': '计划已变更；需要重新审批',
  'The plan of {{0}} changed after it was shown to you; nothing was approved. Read the newer plan in the thread.':
    '{{0}} 的计划在展示给你之后发生了变化；没有批准任何内容。请阅读消息串中较新的计划。',
  'The plan of {{0}} changed after it was shown to you; nothing was approved. Read the updated plan, then approve again.':
    '{{0}} 的计划在展示给你之后发生了变化；没有批准任何内容。请阅读更新后的计划，然后再次批准。',
  "The requester may ask for moves; Ferry's cloud credentials hold the admin role.":
    '申请人可以申请迁移；Ferry 的云凭据拥有 admin 角色。',
  'The requester may ask; Ferry holds the admin role.': '申请人可以申请；Ferry 拥有 admin 角色。',
  'The time and reason cannot contain control characters, <, > or backticks.':
    '时间和原因不能包含控制字符、<、> 或反引号。',
  'The two hosts agree.': '两个节点一致。',
  'The two hosts use different migration schemes': '两个节点使用不同的迁移方式',
  'There is no drain {{0}}; /drain list shows them.': '没有排空 {{0}}；/drain list 会列出所有排空。',
  'There is no maintenance window {{0}}; /maintenance list shows them.':
    '没有维护窗口 {{0}}；/maintenance list 会列出所有窗口。',
  'There is no move {{0}}.': '没有迁移申请 {{0}}。',
  'There is no request {{0}}.': '没有请求 {{0}}。',
  'This cloud (microversion below 2.65) can abort only once the migration is running; it is {{0}}.':
    '这个云（微版本低于 2.65）只能在迁移运行后中止；它目前处于 {{0}}。',
  'Timed out': '已超时',
  'How it ended is unknown': '结局未知',
  'Too many words.\nUsage: {{0}}': '参数过多。\n用法：{{0}}',
  'Too many words.\n{{0}}': '参数过多。\n{{0}}',
  'Try again; a check command hung.': '请重试；有一个检查命令卡住了。',
  'Tunnelled live migration is deprecated (Nova 23) and cannot block-migrate servers with volumes':
    '隧道热迁移已弃用（Nova 23），且无法对挂载了卷的云主机进行块迁移',
  'Type Slack commands as you would in Slack:': '像在 Slack 中一样输入斜杠命令：',
  'Unexpected "{{0}}".': '多余的“{{0}}”。',
  'Unknown "{{0}}".{{1}}\n{{2}}': '未知的“{{0}}”。{{1}}\n{{2}}',
  'Unknown command {{0}}. Type help.': '未知命令 {{0}}。输入 help 查看帮助。',
  'Unknown option {{0}}.{{1}}': '未知选项 {{0}}。{{1}}',
  'Updated {{0}}': '更新于 {{0}}',
  'Usage: {{0}}': '用法：{{0}}',
  'Use --cold: a stopped server moves by cold migration.': '使用 --cold：已停止的云主机以冷迁移方式迁移。',
  'Use 16509, or put the port in live_migration_inbound_addr.':
    '使用 16509，或把端口写进 live_migration_inbound_addr。',
  'Use TLS (live_migration_scheme = tls or live_migration_with_native_tls) or auth_tcp = "sasl"; at the least firewall 16509 to the compute hosts.':
    '使用 TLS（live_migration_scheme = tls 或 live_migration_with_native_tls）或 auth_tcp = "sasl"；至少用防火墙把 16509 端口限制为只对计算节点开放。',
  'Use abort (default) or force_complete; nova-compute refuses to start with anything else.':
    '使用 abort（默认）或 force_complete；其他值会让 nova-compute 无法启动。',
  'Use live_migration_with_native_tls = True for encryption instead.':
    '改用 live_migration_with_native_tls = True 来加密。',
  'Use the same [DEFAULT] instances_path on every compute host.':
    '在每个计算节点上使用相同的 [DEFAULT] instances_path。',
  'VNC listens on a host-specific address, which does not exist on the destination':
    'VNC 监听在本节点特有的地址上，目的物理主机上不存在这个地址',
  "Verify the fingerprint out of band, then update Ferry's known_hosts (FERRY_SSH_KNOWN_HOSTS).":
    '通过其他渠道核实指纹，然后更新 Ferry 的 known_hosts（FERRY_SSH_KNOWN_HOSTS）。',
  'Wait for that migration to end (/migrations shows it).': '等待那次迁移结束（/migrations 可以查看）。',
  'Wait for the task to finish and ask again.': '等待任务完成后重新申请。',
  'Waiting for approval': '等待审批',
  'approval of {{0}}': '{{0}} 的审批',
  'Waiting for approval by {{0}}.': '等待 {{0}} 审批。',
  'Which compute host a server is on, and its state': '云主机所在的计算节点及其状态',
  'Why reject {{0}}?': '为什么拒绝 {{0}}？',
  'Window {{0}} is already cancelled.': '窗口 {{0}} 已经取消。',
  "Window {{0}} is for {{1}}, not {{2}}: an evacuation can only start with its own host's window.":
    '窗口 {{0}} 属于 {{1}}，不是 {{2}}：疏散只能随它自己节点的窗口开始。',
  'Window {{0}} is cancelled; schedule a new one with /maintenance.':
    '窗口 {{0}} 已取消；请用 /maintenance 安排一个新的窗口。',
  'Window {{0}} is over; schedule a new one with /maintenance.':
    '窗口 {{0}} 已结束；请用 /maintenance 安排一个新的窗口。',
  'Window {{0}}; /maintenance cancel {{1}} to call it off.':
    '窗口 {{0}}；用 `/maintenance cancel {{1}}` 取消。',
  'You are now {{0}} ({{1}}).': '你现在是 {{0}}（{{1}}）。',
  'You asked for this drain, so someone else must approve its new plan (four-eyes rule): {{0}}.':
    '这次排空是你申请的，所以它的新计划必须由其他人审批（四眼原则）：{{0}}。',
  'You asked for this {{0}}, so someone else must {{1}} it (four-eyes rule): {{2}}.':
    '这次{{0}}是你申请的，所以必须由其他人{{1}}（四眼原则）：{{2}}。',
  'You have not asked Ferry to move anything lately.': '你最近没有让 Ferry 迁移过任何云主机。',
  'Your answer': '你的回答',
  'Your servers': '你的云主机',
  'Zones: {{0}}.': '可用区：{{0}}。',
  'a security weakness ({{0}} shows it to you privately)': '一个安全隐患（{{0}} 会私下显示给你）',
  'a {{0}} name is at most 255 characters; this one has {{1}}': '{{0}}名称最多 255 个字符；这个有 {{1}} 个',
  abort: '中止',
  aborted: '已中止',
  accepted: '已接受',
  'active migrations, and the last five that ended': '进行中的迁移，以及最近结束的五个',
  'allow_resize_to_same_host does not affect cold migration on libvirt':
    '在 libvirt 上 allow_resize_to_same_host 不影响冷迁移',
  'already on {{0}}': '已经在 {{0}} 上',
  approve: '批准',
  'approve ahead for a maintenance window (w-…): starts when it starts, starts no new moves after it ends':
    '为维护窗口提前审批（w-…）：窗口开始时启动，窗口结束后不再启动新的迁移',
  approved: '已批准',
  'auth_tcp = "none": anyone who can reach port 16509 controls every VM on this host':
    'auth_tcp = "none"：任何能访问 16509 端口的人都能控制这个节点上的所有虚拟机',
  'back in {{0}}': '迁回用时 {{0}}',
  'back home: moved onto it while {{0}} was emptied': '已回到原节点：清空 {{0}} 时迁回到它上面',
  'back: waiting for nova-compute': '已恢复：等待 nova-compute',
  'being emptied': '正在清空',
  block: '块迁移',
  'block live migration': '块热迁移',
  blocked: '受阻',
  'both hosts agree': '两个节点一致',
  'built-in sandbox cloud at {{0}} (speed {{1}}; compute API {{2}}); set OS_CLOUD or OS_AUTH_URL… for a real cloud':
    '内置沙箱云，地址 {{0}}（速度 {{1}}；compute API {{2}}）；要连接真实的云，请设置 OS_CLOUD 或 OS_AUTH_URL…',
  'busy (task {{0}})': '忙碌（任务 {{0}}）',
  'cancel a running live migration (the server stays where it was), or revert a cold one awaiting confirmation':
    '取消正在进行的热迁移（云主机留在原处），或回退等待确认的冷迁移',
  'cancel a window (w-…)': '取消一个窗口（w-…）',
  'cannot move': '无法迁移',
  'cannot move live: {{0}}': '不能热迁移：{{0}}',
  cold: '冷迁移',
  'cold migration': '冷迁移',
  'cold migration: the server restarts on the new host, then Ferry confirms it':
    '冷迁移：云主机在新节点上重启，然后由 Ferry 确认',
  'cold-migrated by choice (the server restarts on the new host)': '按选择冷迁移（云主机在新节点上重启）',
  'cold: it restarts': '冷迁移：会重启',
  'coming-back': '恢复中',
  completed: '已完成',
  'completed (force-completed)': '已完成（强制完成）',
  confirm: '确认',
  confirming: '确认中',
  confirmed: '已确认',
  error: '出错',
  'control or formatting characters (such as a right-to-left override) cannot be part of a {{0}} name':
    '控制字符或格式字符（例如从右到左覆盖符）不能出现在{{0}}名称中',
  'disk: needs {{0}} GB, {{1}} GB free': '磁盘：需要 {{0}} GB，可用 {{1}} GB',
  'disks: Nova reports no figures': '磁盘：Nova 未报告进度数字',
  done: '已完成',
  down: '宕机',
  'dry-run': '预演',
  'each step puts the servers back on their host once it is back, before the next step':
    '每一步在节点恢复后把云主机迁回原节点，再开始下一步',
  'elapsed {{0}}': '已用时 {{0}}',
  empty: '已清空',
  'empty {{0}} ({{1}} servers)': '清空 {{0}}（{{1}} 台云主机）',
  'empty: under maintenance': '已清空：维护中',
  emptying: '清空',
  'emptying {{0}} for maintenance': '为维护清空 {{0}}',
  'enable a host': '启用一个节点',
  evacuating: '疏散中',
  'every check passed': '所有检查均通过',
  'every compute host of this availability zone, by name': '按名称指定：该可用区的所有计算节点',
  'every compute host of this host aggregate (a rack, a hardware generation), by name':
    '按名称指定：该主机聚合（一个机架、一代硬件）的所有计算节点',
  'exit {{0}}': '退出码 {{0}}',
  expired: '已过期',
  failed: '失败',
  'fix the host configuration /hostcheck names': '修正 /hostcheck 指出的节点配置',
  'force a live migration to complete (Nova pauses the guest for the final copy)':
    '强制完成热迁移（最后一轮复制时 Nova 会暂停虚拟机）',
  'force complete': '强制完成',
  'forced down': '被强制标记为宕机',
  'free room on a host, or enable one': '在某个节点上腾出空间，或启用一个节点',
  'getent hosts: nothing': 'getent hosts：无结果',
  'getent passwd nova: nothing': 'getent passwd nova：无结果',
  'go back to their host once it is back': '在节点恢复后迁回原节点',
  held: '已搁置（等待新计划）',
  'host check: {{0}}': '节点检查：{{0}}',
  'hosts emptied together in one step (default 1, at most 20)': '一步中同时清空的节点数（默认 1，最多 20）',
  'how many moves run at once (default 2, at most 10); never two onto one destination':
    '同时进行的迁移数（默认 2，最多 10）；同一目的物理主机不会同时有两个',
  'in affinity group "{{0}}": Nova\'s scheduler keeps its members on one host and will not move one away':
    '在亲和组“{{0}}”中：Nova 调度器让组员留在同一节点，不会单独迁走一个',
  'instances_path differs': 'instances_path 不同',
  'is starting': '正在启动',
  'its anti-affinity group allows one member per host: enable or add a host where no member runs':
    '它的反亲和组每个节点只允许一个成员：启用或添加一个没有组员运行的节点',
  'its nova-compute service is gone': '它的 nova-compute 服务已不存在',
  'its nova-compute went down': '它的 nova-compute 宕机了',
  'left cold: goes back cold': '冷迁移离开：以冷迁移迁回',
  'libvirtd does not listen on TCP, but Nova migrates over qemu+tcp':
    'libvirtd 没有监听 TCP，但 Nova 通过 qemu+tcp 迁移',
  'libvirtd does not listen on TLS, but Nova migrates over qemu+tls':
    'libvirtd 没有监听 TLS，但 Nova 通过 qemu+tls 迁移',
  'libvirtd is configured to listen for qemu+{{0}}': 'libvirtd 配置为监听 qemu+{{0}}',
  'libvirtd is socket-activated ({{0}}); listen_* in libvirtd.conf are ignored':
    'libvirtd 由套接字激活（{{0}}）；libvirtd.conf 中的 listen_* 会被忽略',
  "libvirtd listens on {{0}}, but Nova's qemu+tcp URIs use 16509":
    'libvirtd 监听 {{0}}，但 Nova 的 qemu+tcp URI 使用 16509',
  live: '热迁移',
  'live migration': '热迁移',
  'live migration that always copies the local disks (alias --block)':
    '总是复制本地磁盘的热迁移（别名 --block）',
  'live migration, the default: Nova copies local disks only if they are not on shared storage':
    '热迁移，默认方式：只有本地磁盘不在共享存储上时 Nova 才复制它们',
  'live: it keeps running': '热迁移：保持运行',
  'live_migration_progress_timeout no longer exists': 'live_migration_progress_timeout 已不存在',
  'live_migration_timeout_action "{{0}}" is not valid': 'live_migration_timeout_action “{{0}}”无效',
  'live_migration_uri is deprecated (since Nova 15)': 'live_migration_uri 已弃用（自 Nova 15 起）',
  'live_migration_uri names no destination': 'live_migration_uri 没有指定目的物理主机',
  'max_concurrent_live_migrations = 0 ("unlimited") is deprecated':
    'max_concurrent_live_migrations = 0（“不限”）已弃用',
  'memory {{0}} of {{1}} left': '内存剩余 {{0}} / {{1}}',
  'memory: needs {{0}} MB, {{1}} MB free': '内存：需要 {{0}} MB，可用 {{1}} MB',
  'move {{0}} {{1}} → {{2}} ({{3}})': '迁移 {{0}} {{1}} → {{2}}（{{3}}）',
  'moves at once per host (default 2, at most 10)': '每个节点同时进行的迁移数（默认 2，最多 10）',
  'moves cold, restarts': '冷迁移，会重启',
  'moves live, keeps running': '热迁移，保持运行',
  'moving servers back': '迁回云主机',
  'moving servers back onto {{0}} after its maintenance': '维护后把云主机迁回 {{0}}',
  'name the host': '指定节点',
  'needs {{0}} MB, {{1}} vCPU, {{2}} GB disk; the roomiest host in service ({{3}}) has {{4}} MB, {{5}} vCPU, {{6}} GB free':
    '需要 {{0}} MB、{{1}} vCPU、{{2}} GB 磁盘；仍在服务中空间最多的节点（{{3}}）有 {{4}} MB、{{5}} vCPU、{{6}} GB 可用',
  'neither ss nor netstat answered': 'ss 和 netstat 都没有响应',
  drain: '排空',
  evacuation: '疏散',
  move: '迁移',
  'move back': '迁回',
  'no destination': '无目的物理主机',
  'no host': '无节点',
  'no host can take it: {{0}}': '没有节点能容纳它：{{0}}',
  'no longer exists': '已不存在',
  'no longer matches the cloud: a new plan awaits approval': '与云环境不再相符：新计划等待审批',
  'no other enabled compute host': '没有其他已启用的计算节点',
  'no other host is in service': '没有其他在服务中的节点',
  'no servers on {{0}}; nova-compute there is disabled': '{{0}} 上没有云主机；其上的 nova-compute 已禁用',
  'no servers on {{0}}; nova-compute there is disabled already':
    '{{0}} 上没有云主机；其上的 nova-compute 此前已被禁用',
  'no servers on {{0}}; nova-compute there is enabled':
    '{{0}} 上没有云主机；其上的 nova-compute 处于启用状态',
  'no output': '无输出',
  'no room for its flavor (Placement has no allocation candidate there)':
    '没有容纳其规格的空间（Placement 在那里没有分配候选）',
  'no room in this step': '这一步没有空间',
  'no host in service can take it in this step': '这一步没有在服务的节点能接收它',
  'an older or different hypervisor': '较旧或不同的虚拟化层',
  'anti-affinity': '反亲和性',
  room: '空间',
  'the host check': '节点检查',
  '{{0}} on {{1}}, {{2}} on {{3}} (live migration needs the same type)':
    '{{1}} 上是 {{0}}，{{3}} 上是 {{2}}（热迁移要求类型相同）',
  '{{0}} {{1}} on {{2}} is older than {{3}} {{4}} on {{5}} (live migration needs one not older)':
    '{{2}} 上的 {{0}} {{1}} 比 {{5}} 上的 {{3}} {{4}} 旧（热迁移要求不低于源物理主机）',
  'nobody (set FERRY_ONCALL_USERS or FERRY_ONCALL_GROUP)':
    '无人（请设置 FERRY_ONCALL_USERS 或 FERRY_ONCALL_GROUP）',
  none: '无',
  'not back': '未迁回',
  'not back: {{0}}': '未迁回：{{0}}',
  "not back: {{0}} (the move back's report says why)": '未迁回：{{0}}（迁回报告中说明了原因）',
  'not empty: waiting for a decision': '未清空：等待决定',
  'not moved: {{0}}': '未迁移：{{0}}',
  'not moved: already on {{0}}': '未迁移：已经在 {{0}} 上',
  'not on call': '不在值班',
  'not started': '未开始',
  'not-empty': '未清空',
  'not-started': '未开始',
  'nothing moved back: Ferry no longer has the record of what left {{0}}':
    '没有迁回任何云主机：Ferry 已不再保存从 {{0}} 迁出了哪些云主机的记录',
  'nothing moved back: {{0}}': '没有迁回任何云主机：{{0}}',
  'nothing to do on {{0}}: no server was on it, so Ferry did not empty it or wait for its maintenance':
    '{{0}} 上无事可做：其上没有云主机，所以 Ferry 没有排空它，也没有等待它的维护',
  'nova on {{0}} cannot SSH to {{1}} without a password (cold migration needs it)':
    '{{0}} 上的 nova 用户无法免密码 SSH 到 {{1}}（冷迁移需要）',
  'nova on {{0}} reaches {{1}} by SSH without a password': '{{0}} 上的 nova 用户可以免密码 SSH 到 {{1}}',
  'nova-compute coming up': 'nova-compute 恢复在线',
  'nova-compute is down on {{0}}': '{{0}} 上的 nova-compute 宕机',
  'nova-compute is down on {{0}}, and the rest of the step has no room':
    '{{0}} 上的 nova-compute 宕机，且该步其余云主机没有空间',
  'nova-compute is down on {{0}}, and the hosts still in service cannot take the rest of the step':
    '{{0}} 上的 nova-compute 宕机，且仍在服务的节点无法接收该步其余云主机',
  'the plan no longer fits': '计划不再可行',
  'a check of its new plan fails': '其新计划的一项检查未通过',
  'nova-compute is down on {{0}}: its servers cannot be migrated away.':
    '{{0}} 上的 nova-compute 宕机：其上的云主机无法迁走。',
  'nova-compute is down on {{0}}: their servers cannot be migrated away.':
    '{{0}} 上的 nova-compute 宕机：其上的云主机无法迁走。',
  'nova-compute is up on {{0}} and up and enabled on {{1}}.':
    '{{0}} 上的 nova-compute 在线，{{1}} 上的在线且已启用。',
  'nova-compute is up on {{0}}.': '{{0}} 上的 nova-compute 在线。',
  'nova-compute on every host': '每个节点上的 nova-compute',
  'nova-compute on the host': '该节点上的 nova-compute',
  'nova-compute on the source {{0}} is {{1}}': '源物理主机 {{0}} 上的 nova-compute {{1}}',
  'nova-compute on {{0}} is down.': '{{0}} 上的 nova-compute 宕机。',
  'nova-compute on {{0}} is down: a live or cold migration needs it running. A dead host needs evacuation with rebuild (openstack server evacuate), which Ferry does not do.':
    '{{0}} 上的 nova-compute 宕机：热迁移和冷迁移都需要它运行。宕机的节点需要重建式疏散（openstack server evacuate），Ferry 不执行此操作。',
  'nova-compute on {{0}} is enabled again.': '{{0}} 上的 nova-compute 已重新启用。',
  'nova-compute on {{0}} is {{1}}': '{{0}} 上的 nova-compute {{1}}',
  'nova-compute on {{0}} stays *disabled*; re-enable it after the maintenance: `openstack compute service set --enable {{1}} nova-compute`.':
    '{{0}} 上的 nova-compute 保持*禁用*；维护后请重新启用：`openstack compute service set --enable {{1}} nova-compute`。',
  'nova-compute on {{0}} stays disabled; servers are still on it, so drain {{1}} waits (its thread says what for): do not start its maintenance.':
    '{{0}} 上的 nova-compute 保持禁用；它上面仍有云主机，所以排空 {{1}} 在等待（它的消息串说明在等什么）：不要开始它的维护。',
  'nova-compute on {{0}} stays disabled for its maintenance; drain {{1}} enables it once the host is back.':
    '{{0}} 上的 nova-compute 在维护期间保持禁用；节点恢复后由排空 {{1}} 启用。',
  'nova-compute runs on all {{0}} hosts.': '全部 {{0}} 个节点上的 nova-compute 都在线。',
  'nova-compute runs on the host.': '该节点上的 nova-compute 在线。',
  'nova-compute talks to its own libvirt over the network': 'nova-compute 通过网络连接本机的 libvirt',
  'nova-compute up and enabled': 'nova-compute 在线且已启用',
  'nova.conf{{0}} settings for a {{1}} migration look right{{2}}.':
    'nova.conf{{0}} 中与{{1}}相关的设置正确{{2}}。',
  of: '·',
  'on call, may approve': '值班中，可以审批',
  'one migration (m-…), request (r-…) or evacuation (e-…) with its history':
    '一个迁移（m-…）、请求（r-…）或疏散（e-…）及其历史',
  'only show the checks; nothing is requested': '只显示检查结果；不提交申请',
  'only show the plan; nothing is requested': '只显示计划；不提交申请',
  'operator, asks for moves': '运维人员，申请迁移',
  'passphrase missing or wrong': '缺少口令或口令错误',
  paused: '已暂停',
  pending: '等待审批',
  planned: '已规划',
  'post-copy': 'post-copy 阶段',
  preparing: '准备中',
  queued: '排队中',
  "re-enable the host's nova-compute when every server has moved":
    '所有云主机迁走后重新启用该节点的 nova-compute',
  reject: '拒绝',
  rejected: '已拒绝',
  resizing: '迁移中（冷迁移）',
  returning: '迁回中',
  revert: '回退',
  reverted: '已回退',
  reverting: '回退中',
  'rolled-back': '已回滚',
  running: '进行中',
  'running (post-copy)': '进行中（post-copy）',
  'same as --block-migration': '同 --block-migration',
  scheduler: '调度器',
  "scheduler's choice": '由调度器选择',
  'scheduler_default_filters is ignored: it moved to [filter_scheduler] enabled_filters in Nova 15 (Ocata)':
    'scheduler_default_filters 会被忽略：自 Nova 15（Ocata）起它已移到 [filter_scheduler] enabled_filters',
  'servers going back': '云主机正在迁回',
  'servers not moved stayed on it': '未迁移的云主机仍留在其上',
  'show the plan only: nothing is requested': '只显示计划：不提交申请',
  skipped: '已跳过',
  'someone on call other than the requester, and nobody else is on call (add to FERRY_ONCALL_USERS or FERRY_ONCALL_GROUP)':
    '申请人之外的值班人员，但没有其他人在值班（请加入 FERRY_ONCALL_USERS 或 FERRY_ONCALL_GROUP）',
  'ss -ltnp shows no such port': 'ss -ltnp 中没有这个端口',
  'ss -ltnp shows {{0}} only on addresses peers cannot use here':
    'ss -ltnp 显示 {{0}} 只监听在对端无法使用的地址上',
  'ssh -o BatchMode=yes … true: ok': 'ssh -o BatchMode=yes … true：成功',
  'start with this maintenance window (approved ahead); no new host starts after it ends':
    '随该维护窗口开始（提前审批）；窗口结束后不再开始新的节点',
  starting: '启动中',
  'state unknown': '状态未知',
  'stay where they go': '留在迁去的地方',
  'stay where they are (none has to leave)': '留在原处（没有需要迁出的）',
  'stay where they go: none of the {{0}} that leave can go back (the plan says why)':
    '留在迁去的地方：迁出的 {{0}} 台都不能迁回（计划中写明原因）',
  'go back to their host once it is back, except {{0}} of the {{1}} that leave (the plan says why)':
    '在节点恢复后迁回原节点，但迁出的 {{1}} 台中有 {{0}} 台不能迁回（计划中写明原因）',
  'stays on {{0}}': '留在 {{0}}',
  'step {{0}}: {{1}}': '第 {{0}} 步：{{1}}',
  'stopped: goes back cold': '已停止：以冷迁移迁回',
  'shut off, so it moves by cold migration': '已关机，因此以冷迁移方式迁移',
  stopping: '正在停止',
  superseded: '已被取代',
  'systemctl enable --now libvirtd-tcp.socket (or listen_tcp = 1 with libvirtd --listen)':
    'systemctl enable --now libvirtd-tcp.socket（或设置 listen_tcp = 1 并以 libvirtd --listen 启动）',
  'systemctl enable --now libvirtd-tls.socket': 'systemctl enable --now libvirtd-tls.socket',
  'that is a Slack mention, not a name': '这是一个 Slack 提及，不是名称',
  'the destination': '目的物理主机',
  'the end of maintenance window {{0}}': '维护窗口 {{0}} 结束',
  'the plan is not ready': '计划尚未就绪',
  "the scheduler's choice": '由调度器选择',
  'this channel': '本频道',
  'timed-out': '已超时',
  'end unknown': '结局未知',
  to: '→',
  'upcoming windows': '即将进行的窗口',
  'upgrade a host': '升级一个节点',
  'use --cold (a cold migration boots it afresh on any hypervisor), or upgrade a host':
    '使用 --cold（冷迁移会在任意 hypervisor 上重新启动它），或升级一个节点',
  'usermod -s /bin/bash nova (and give it password-less SSH to the other compute hosts).':
    'usermod -s /bin/bash nova（并让它能免密码 SSH 到其他计算节点）。',
  'vCPU: needs {{0}} vCPUs, {{1}} vCPUs free': 'vCPU：需要 {{0}} 个 vCPU，可用 {{1}} 个 vCPU',
  'virsh on {{0}} cannot reach qemu+{{1}}://{{2}}/system':
    '{{0}} 上的 virsh 无法连接 qemu+{{1}}://{{2}}/system',
  'virsh on {{0}} reaches libvirt on {{1}}': '{{0}} 上的 virsh 可以连接 {{1}} 上的 libvirt',
  waiting: '等待中',
  '{{0}}\nUsage: {{1}} (try /drain help)': '{{0}}\n用法：{{1}}（试试 /drain help）',
  '{{0}}\nUsage: {{1}} (try /evacuate help)': '{{0}}\n用法：{{1}}（试试 /evacuate help）',
  '{{0}}\nUsage: {{1}} (try /migrate help)': '{{0}}\n用法：{{1}}（试试 /migrate help）',
  '{{0}} (a line; empty for none)': '{{0}}（一行；留空表示无）',
  '{{0}} (on {{1}}, project {{2}})': '{{0}}（在 {{1}} 上，项目 {{2}}）',
  '{{0}} (window {{1}} ended): {{2}}': '{{0}}（窗口 {{1}} 已结束）：{{2}}',
  '{{0}} (window {{1}} ended)': '{{0}}（窗口 {{1}} 已结束）',
  '{{0}} ({{1}} hosts)': '{{0}}（{{1}} 个节点）',
  '{{0}} ({{1}} lists all)': '{{0}}（{{1}} 会全部列出）',
  '{{0}} ({{1}}) resolved; {{2}} to {{3}}.': '已解析 {{0}}（{{1}}）；{{2}}到 {{3}}。',
  '{{0}} ({{1}}:{{2}}) is unreachable: {{3}}': '{{0}}（{{1}}:{{2}}）无法访问：{{3}}',
  '{{0}} *{{1}}* after {{2}}: {{3}}': '{{0}} *{{1}}*，用时 {{2}}：{{3}}',
  '{{0}} *{{1}}* (moved in {{2}}): {{3}}': '{{0}} *{{1}}*（迁移用时 {{2}}）：{{3}}',
  '{{0}} *{{1}}*{{2}}{{3}}': '{{0}} *{{1}}*{{2}}{{3}}',
  '{{0}} *{{1}}*: {{2}}{{3}}': '{{0}} *{{1}}*：{{2}}{{3}}',
  '{{0}} <@{{1}}> asks to {{2}} · expires {{3}}{{4}}': '{{0}} <@{{1}}> 申请{{2}} · {{3}} 过期{{4}}',
  '{{0}} Ask a Ferry admin to add you to FERRY_REQUESTERS.':
    '{{0}} 请 Ferry 管理员把你加入 FERRY_REQUESTERS。',
  '{{0}} already has window {{1}} overlapping that time.': '{{0}} 已有与该时间重叠的窗口 {{1}}。',
  '{{0}} already runs on {{1}}.': '{{0}} 已经在 {{1}} 上运行。',
  '{{0}} already runs on {{1}}. On libvirt a cold migration never lands on the same host; allow_resize_to_same_host only affects resize.':
    '{{0}} 已经在 {{1}} 上运行。在 libvirt 上，冷迁移不会落到同一节点；allow_resize_to_same_host 只影响调整规格。',
  '{{0}} answered {{1}}: {{2}}': '{{0}} 返回 {{1}}：{{2}}',
  '{{0}} boots from a volume and has no local disk; Nova refuses --block-migration on shared storage ("Block migration can not be used with shared storage.").':
    '{{0}} 从卷启动，没有本地磁盘；在共享存储上 Nova 会拒绝 --block-migration（“Block migration can not be used with shared storage.”）。',
  '{{0}} boots from a volume: only its memory moves.': '{{0}} 从卷启动：只迁移内存。',
  '{{0}} by <@{{1}}>.': '{{0}}：<@{{1}}>。',
  '{{0}} cannot be evacuated onto itself.': '{{0}} 不能疏散到它自己。',
  '{{0}} cannot be evacuated onto itself': '{{0}} 不能疏散到它自己',
  '{{0}} cannot go back to {{1}}: {{2}}': '{{0}} 不能迁回 {{1}}：{{2}}',
  '{{0}} cannot move': '{{0}} 台无法迁移',
  '{{0}} changed meanwhile; look again.': '{{0}} 在此期间发生了变化；请重新查看。',
  '{{0}} is empty, and Ferry is still proving the moves off it; skip it again in a few seconds.':
    '{{0}} 已清空，Ferry 仍在验证迁出它的迁移；请几秒后再跳过它。',
  '{{0}} cold': '{{0}} 台冷迁移',
  '{{0}} does not resolve on {{1}}': '{{0}} 在 {{1}} 上无法解析',
  '{{0}} dropped as a destination': '{{0}} 不再作为目的物理主机',
  '{{0}} fits {{1}} but only {{2}} MB of memory stays free afterwards.':
    '{{0}} 放得下 {{1}}，但之后只剩 {{2}} MB 可用内存。',
  '{{0}} for {{1}}.': '{{1}}：{{0}}。',
  "{{0}} had no room left when its turn came; Nova's scheduler chooses the host":
    '轮到 {{0}} 时已没有空间；由 Nova 调度器选择节点',
  '{{0}} has no effect: it was removed in Nova 14 (Newton)': '{{0}} 无效：它已在 Nova 14（Newton）中移除',
  '{{0}} has no room for {{1}}: {{2}} (Placement: (total − reserved) × allocation ratio − used).':
    '{{0}} 没有空间容纳 {{1}}：{{2}}（Placement：（总量 − 预留）× 超分比 − 已用）。',
  '{{0}} has {{1}} GB of local disk: with block_migration "auto" Nova copies it unless the instances path is shared (NFS/Ceph), so the move may take longer.':
    '{{0}} 有 {{1}} GB 本地磁盘：block_migration 为“auto”时，除非实例路径是共享的（NFS/Ceph），Nova 会复制它，所以迁移可能更久。',
  '{{0}} has {{1}} MB free memory for {{2}}.': '{{0}} 有 {{1}} MB 可用内存，需要 {{2}}。',
  '{{0}} in service': '{{0}} 在服务中',
  '{{0}} is a compute host (hypervisor {{1}}).': '{{0}} 是计算节点（hypervisor {{1}}）。',
  '{{0}} is already being migrated (task {{1}}).': '{{0}} 已经在迁移中（任务 {{1}}）。',
  '{{0}} is already empty.': '{{0}} 已经清空。',
  '{{0}} is back on {{1}} and {{2}}.': '{{0}} 回到了 {{1}}，状态为 {{2}}。',
  '{{0}} is busy with another task ({{1}}); Nova would answer 409.':
    '{{0}} 正忙于其他任务（{{1}}）；Nova 会返回 409。',
  '{{0}} is disabled{{1}}, so the scheduler will not place anything there':
    '{{0}} 已被禁用{{1}}，调度器不会把任何东西放到那里',
  '{{0}} is empty': '{{0}} 已清空',
  '{{0}} is in ERROR on {{1}}: {{2}}. Check the hypervisors on {{3}} and {{4}} before resetting its state.':
    '{{0}} 在 {{1}} 上处于出错状态：{{2}}。重置状态前请检查 {{3}} 和 {{4}} 上的 hypervisor。',
  '{{0}} is in affinity group "{{1}}": all its members must share one host, so it cannot move alone.':
    '{{0}} 在亲和组“{{1}}”中：所有组员必须在同一节点，所以不能单独迁移。',
  '{{0}} is migrating ({{1}})': '{{0}} 正在迁移（{{1}}）',
  '{{0}} is no longer a compute host of this cloud.': '{{0}} 已不再是这个云的计算节点。',
  '{{0}} is not a compute host of this cloud.': '{{0}} 不是这个云的计算节点。',
  '{{0}} is not a compute host.': '{{0}} 不是计算节点。',
  '{{0}} is not a compute host; known: {{1}}.': '{{0}} 不是计算节点；已知的有：{{1}}。',
  '{{0}} is not converging': '{{0}} 无法收敛',
  '{{0}} is not empty': '{{0}} 未清空',
  '{{0}} is not waiting for a decision in drain {{1}}.': '{{0}} 在排空 {{1}} 中没有等待决定。',
  '{{0}} is on compute host {{1}}.': '{{0}} 在计算节点 {{1}} 上。',
  '{{0}} is on no compute host: Nova names none (shelved, or never scheduled).':
    '{{0}} 不在任何计算节点上：Nova 没有给出节点（已搁置，或从未调度）。',
  '{{0}} is still disabled{{1}}.': '{{0}} 仍被禁用{{1}}。',
  '{{0}} is waiting for an earlier cold migration to be confirmed (VERIFY_RESIZE).':
    '{{0}} 正在等待之前的冷迁移被确认（VERIFY_RESIZE）。',
  '{{0}} is {{1}} and running: it can move live.': '{{0}} 处于 {{1}} 状态且正在运行：可以热迁移。',
  '{{0}} is {{1}}: it can move live, and stays paused.':
    '{{0}} 处于 {{1}} 状态：可以热迁移，迁移后仍保持暂停。',
  '{{0}} is {{1}} in drain {{2}}.': '{{0}} 在排空 {{2}} 中处于{{1}}。',
  '{{0}} is {{1}}; cold migration needs ACTIVE or SHUTOFF.':
    '{{0}} 处于 {{1}} 状态；冷迁移需要它处于 ACTIVE 或 SHUTOFF。',
  '{{0}} live': '{{0}} 台热迁移',
  '{{0}} moved, {{1}} failed{{2}}{{3}}, {{4}} not moved':
    '{{0}} 台已迁移，{{1}} 台失败{{2}}{{3}}，{{4}} 台未迁移',
  ', ❓ {{0}} unknown': '，❓ {{0}} 台结局未知',
  ' · ❓ {{0}} unknown': ' · ❓ {{0}} 台结局未知',
  "{{0}} no longer exist (capacity is Placement's job since Train)":
    '{{0}} 已不存在（自 Train 起容量由 Placement 负责）',
  '{{0}} not evaluated': '{{0}} 项未评估',
  '{{0}} is now on {{1}} and waits for confirmation (VERIFY_RESIZE). Check it, then confirm to free {{2}}, or revert.':
    '{{0}} 现在位于 {{1}}，等待确认（VERIFY_RESIZE）。检查后确认以释放 {{2}}，或回退。',
  '{{0}} now runs on {{1}} and waits for confirmation (VERIFY_RESIZE). Check it, then confirm to free {{2}}, or revert.':
    '{{0}} 现在在 {{1}} 上运行，等待确认（VERIFY_RESIZE）。检查后确认以释放 {{2}}，或回退。',
  '{{0}} of anti-affinity group "{{1}}" runs there': '反亲和组“{{1}}”的 {{0}} 在那里运行',
  '{{0}} of {{1}} from {{2}}. Ferry re-checks everything before it starts.':
    '{{1}} 的{{0}}，路线 {{2}}。开始前 Ferry 会重新检查所有条件。',
  '{{0}} of {{1}} left': '剩余 {{0}} / {{1}}',
  '{{0}} progress': '{{0}} 进度',
  '{{0}} requested by <@{{1}}>: no new moves start{{2}}.': '<@{{1}}> 请求{{0}}：不再启动新的迁移{{2}}。',
  '{{0}} resolves': '{{0}} 可以解析',
  '{{0}} runs a newer {{1}} ({{2}} ≥ {{3}}), which Nova accepts.':
    '{{0}} 运行更新的 {{1}}（{{2}} ≥ {{3}}），Nova 接受。',
  '{{0}} runs no servers: only its service would be disabled.': '{{0}} 上没有云主机：只会禁用它的服务。',
  '{{0}} runs no servers and its service is disabled already: nothing would change.':
    '{{0}} 上没有云主机，且它的服务已被禁用：不会有任何变化。',
  '{{0}} runs no servers and nova-compute there is disabled already: approving changes nothing.':
    '{{0}} 上没有云主机，且它的 nova-compute 已被禁用：批准不会带来任何变化。',
  '{{0}} runs no servers and nova-compute there is disabled already: there is nothing to evacuate. Nothing was requested (--dry-run shows the plan).':
    '{{0}} 上没有云主机，且它的 nova-compute 已被禁用：没有可疏散的内容。未提出任何请求（--dry-run 可查看计划）。',
  '{{0}} runs no servers and nova-compute there is disabled already: a drain would have nothing to do (Ferry neither empties, enables nor reboots a host someone else disabled). Nothing was requested (--dry-run shows the plan).':
    '{{0}} 上没有云主机，且它的 nova-compute 已被禁用：排空没有任何可做的（对别人禁用的节点，Ferry 既不清空、也不启用、也不重启）。未提出任何请求（--dry-run 可查看计划）。',
  '{{0}} run no servers and nova-compute on each is disabled already: a drain would have nothing to do (Ferry neither empties, enables nor reboots a host someone else disabled). Nothing was requested (--dry-run shows the plan).':
    '{{0}} 上都没有云主机，且每个节点的 nova-compute 都已被禁用：排空没有任何可做的（对别人禁用的节点，Ferry 既不清空、也不启用、也不重启）。未提出任何请求（--dry-run 可查看计划）。',
  '{{0}} runs {{1}} {{2}}, older than {{3}}\'s {{4}}: Nova refuses a live migration to an older hypervisor (the runbook says "equal"; Nova only needs "not older").':
    '{{0}} 运行 {{1}} {{2}}，比 {{3}} 的 {{4}} 旧：Nova 拒绝热迁移到更旧的 hypervisor（手册要求“一致”；Nova 只要求“不更旧”）。',
  '{{0}} runs {{1}}, {{2}} runs {{3}}; Nova live-migrates only between equal types.':
    '{{0}} 运行 {{1}}，{{2}} 运行 {{3}}；Nova 只在相同类型之间热迁移。',
  '{{0}} servers are named "{{1}}"; use the ID of the one you mean: {{2}}':
    '有 {{0}} 台云主机名为“{{1}}”；请使用你要的那台的 ID：{{2}}',
  '{{0}} stays on {{1}} and is {{2}}.': '{{0}} 留在 {{1}}，状态为 {{2}}。',
  '{{0}} stays on {{1}}; Nova cancels this copy.': '{{0}} 留在 {{1}}；Nova 会取消这次复制。',
  '{{0}} Move back {{1}} goes on with its other servers; to stop it too, use the buttons on its message.':
    '{{0}}迁回 {{1}} 会继续迁移其他云主机；若也要停止迁回，请用其消息上的按钮。',
  '{{0}} Evacuation {{1}} goes on with its other servers; to stop it too, use the buttons on its message.':
    '{{0}}疏散 {{1}} 会继续迁移其他云主机；若也要停止疏散，请用其消息上的按钮。',
  '{{0}} {{1}} is then not empty: evacuation {{2}} starts no new moves (those in flight finish) and drain {{3}} asks on-call to Continue.':
    '{{0}}之后 {{1}} 不再是空的：疏散 {{2}} 不再开始新的迁移（进行中的会完成），排空 {{3}} 会请值班人员按“继续处理”。',
  '{{0}} by <@{{1}}> for {{2}}.': '<@{{1}}> 对 {{2}} 发出：{{0}}。',
  '{{0}} by <@{{1}}> for {{2}} only.{{3}}': '<@{{1}}> 仅对 {{2}} 发出：{{0}}。{{3}}',
  'Abort this move only?': '只中止这一次迁移？',
  ' · {{0}} proving': ' · {{0}} 台验证中',
  'moved, Ferry proves it': '已迁移，Ferry 验证中',
  ' · {{0}} queued by Nova': ' · {{0}} 台在 Nova 排队',
  ', {{0}} queued by Nova': '，{{0}} 台在 Nova 排队',
  ' · {{0}} aborted': ' · {{0}} 台已中止',
  ' · {{0}} reverted': ' · {{0}} 台已回退',
  ', {{0}} proving': '，{{0}} 台验证中',
  'blackout not known: {{0}}, and libvirt counts only the final switch-over':
    '中断时长未知：{{0}}，而 libvirt 只计入最后的切换',
  'force-complete switched it to post-copy': '强制完成将其切换为 post-copy',
  'force-complete was asked': '已请求强制完成',
  '{{0}} takes a whole number from 1 to {{1}}, got "{{2}}".':
    '{{0}} 需要 1 到 {{1}} 之间的整数，收到的是“{{2}}”。',
  '{{0}} waits in VERIFY_RESIZE on {{1}}: confirm or revert':
    '{{0}} 在 {{1}} 上等待 VERIFY_RESIZE：请确认或回退',
  '{{0}} {{1}} MB free{{2}}': '{{0}} 可用 {{1}} MB{{2}}',
  '{{0}} {{1}} done': '{{0}} {{1}} 完成',
  '{{0}} {{1}} {{2}} {{3}} ({{4}} MB) · {{5}}{{6}}{{7}}':
    '{{0}} {{1}} {{2}} {{3}}（{{4}} MB）· {{5}}{{6}}{{7}}',
  '{{0}} {{1}} {{2}} {{3}}: {{4}} moved, {{5}} running{{6}}{{7}}, {{8}} failed{{9}}{{10}}, {{11}} left':
    '{{0}} {{1}} {{2}} {{3}}：{{4}} 台已迁移，{{5}} 台进行中{{6}}{{7}}，{{8}} 台失败{{9}}{{10}}，剩余 {{11}} 台',
  '{{0}} {{1}} {{2}}{{3}}{{4}}{{5}}': '{{0}} {{1}} {{2}}{{3}}{{4}}{{5}}',
  '{{0}} {{1}}{{2}}': '{{0}} {{1}}{{2}}',
  '{{0}} {{1}}{{2}}{{3}}': '{{0}} {{1}}{{2}}{{3}}',
  '{{0}} · Approved by {{1}} at {{2}}': '{{0}} · {{1}} 于 {{2}} 批准',
  '{{0}}, tunnelled {{1}}, native TLS {{2}}': '{{0}}，隧道 {{1}}，原生 TLS {{2}}',
  "{{0}}. Ferry's cloud credentials lack the rights for this.": '{{0}}。Ferry 的云凭据没有执行此操作的权限。',
  "{{0}}. Ferry's cloud credentials were refused; an admin must fix OS_* / clouds.yaml.":
    '{{0}}。Ferry 的云凭据被拒绝；需要管理员修正 OS_* / clouds.yaml。',
  '{{0}}: SSH login as {{1}} was refused (key or agent not accepted)':
    '{{0}}：以 {{1}} 登录 SSH 被拒绝（密钥或 agent 未被接受）',
  '{{0}}: a check took longer than {{1}} s': '{{0}}：一项检查超过了 {{1}} 秒',
  '{{0}}: its host key CHANGED (now {{1}}); known_hosts has a different one. Someone may be intercepting, or the host was reinstalled: check, then update {{2}}.':
    '{{0}}：它的主机密钥已*变更*（现在是 {{1}}）；known_hosts 中是另一个。可能有人在拦截，或该节点被重装过：核实后更新 {{2}}。',
  '{{0}}: its host key {{1}} is marked @revoked in {{2}}; Ferry will not connect.':
    '{{0}}：它的主机密钥 {{1}} 在 {{2}} 中被标记为 @revoked；Ferry 不会连接。',
  '{{0}}: neither live nor cold migration accepts it': '{{0}}：热迁移和冷迁移都不接受',
  '{{0}}: no SSH answer within {{1}} s': '{{0}}：{{1}} 秒内 SSH 没有响应',
  '{{0}}: the jump host cannot reach it: {{1}}': '{{0}}：跳板机无法访问它：{{1}}',
  '{{0}}: the jump host did not open a channel to it within {{1}} s':
    '{{0}}：跳板机在 {{1}} 秒内没有打开到它的通道',
  '{{0}}: unknown host key {{1}} for {{2}}. Verify it, then add it to {{3}} (ssh-keyscan -p {{4}} {{5}}).':
    '{{0}}：{{2}} 的主机密钥 {{1}} 未知。核实后把它加入 {{3}}（ssh-keyscan -p {{4}} {{5}}）。',
  '{{0}}Usage: /drain {{1}} skip <host>': '{{0}}用法：/drain {{1}} skip <节点>',
  '{{0}} is not a drain ID (d- and 6 hex digits; /drain list shows them). Usage: /drain <d-…> skip <host>':
    '{{0}} 不是排空 ID（d- 加 6 位十六进制数字；/drain list 会列出）。用法：/drain <d-…> skip <节点>',
  '{{0}}h {{1}}m': '{{0}} 小时 {{1}} 分钟',
  '{{0}}m {{1}}s': '{{0}} 分钟 {{1}} 秒',
  '{{0}}s': '{{0}} 秒',
  '{{0}}{{1}}. The cloud had a problem; try again shortly.': '{{0}}{{1}}。云出现了问题；请稍后重试。',
  '{{0}}{{1}}. The cloud had a problem.': '{{0}}{{1}}。云出现了问题。',
  '• {{0}}: not moved{{1}}': '• {{0}}：未迁移{{1}}',
  '• {{0}}: stays ({{1}})': '• {{0}}：留下（{{1}}）',
  '…{{0}} more blocks left out (Slack allows {{1}}).': '…省略了 {{0}} 个区块（Slack 最多允许 {{1}} 个）。',
  '↻ Ferry restarted at {{0}} and is watching this {{1}} again.':
    '↻ Ferry 于 {{0}} 重启，重新开始监视这个{{1}}。',
  '↻ The Ferry process watching this {{0}} stopped answering; another picked it up at {{1}} and watches it now.':
    '↻ 监视这个{{0}}的 Ferry 进程停止响应；另一个进程于 {{1}} 接手，现在由它监视。',
  '⌛ *Expired* at {{0}}: nobody approved it in time. Ask again for fresh checks.':
    '⌛ *已过期*（{{0}}）：没有人及时审批。请重新申请以获得最新检查结果。',
  '⏭️ {{0}} skipped {{1}}.': '⏭️ {{0}} 跳过了 {{1}}。',
  '⏰ *Maintenance of {{0}} in {{1}}*{{2}}\n{{3}}: {{4}}':
    '⏰ *{{0}} 的维护将在 {{1}} 后开始*{{2}}\n{{3}}：{{4}}',
  '⏳ *Waiting for approval*': '⏳ *等待审批*',
  '⏸️ *Paused* by <@{{0}}>: moves in flight finish, nothing new starts · {{1}}':
    '⏸️ 由 <@{{0}}> *暂停*：进行中的迁移会完成，不会开始新的 · {{1}}',
  '⏸️ Paused by {{0}}: moves in flight finish, no new server or host starts.':
    '⏸️ 由 {{0}} 暂停：进行中的迁移会完成，不再开始新的云主机或节点。',
  '⏹️ *Stopping* ({{0}}) · Approved by {{1}} at {{2}}': '⏹️ *正在停止*（{{0}}）· {{1}} 于 {{2}} 批准',
  '⏹️ *Stopping*: no new host starts · {{0}}': '⏹️ *正在停止*：不再开始新的节点 · {{0}}',
  '⏹️ Stopped by {{0}}: no new host starts; moves in flight finish.':
    '⏹️ 由 {{0}} 停止：不再开始新的节点；进行中的迁移会完成。',
  '▶️ Resumed by {{0}}.': '▶️ 由 {{0}} 恢复。',
  '▶️ The drain started at {{0}}.': '▶️ 排空于 {{0}} 开始。',
  '⚠️ <@{{0}}>, Ferry could not tell the owners in <#{{1}}> (Slack: {{2}}). Invite Ferry to that channel or correct FERRY_PROJECT_CHANNELS; until Ferry restarts it does not try that channel again.':
    '⚠️ <@{{0}}>，Ferry 无法通知 <#{{1}}> 中的所有者（Slack：{{2}}）。请邀请 Ferry 加入该频道或修正 FERRY_PROJECT_CHANNELS；Ferry 重启前不会再尝试该频道。',
  "▶️ The drain goes on: Ferry's looks go through again (they failed from {{0}}).":
    '▶️ 排空继续进行：Ferry 的检查又能完成了（自 {{0}} 起失败）。',
  '⚠️ The drain could not go on for a moment: {{0}} Ferry tries again every few seconds.':
    '⚠️ 排空暂时无法继续：{{0}}Ferry 每隔几秒重试一次。',
  "▶️ The evacuation goes on: Ferry's looks go through again (they failed from {{0}}).":
    '▶️ 疏散继续进行：Ferry 的检查又能完成了（自 {{0}} 起失败）。',
  '⚠️ The evacuation could not go on for a moment: {{0}} Ferry tries again every few seconds.':
    '⚠️ 疏散暂时无法继续：{{0}}Ferry 每隔几秒重试一次。',
  '⚠️ fits, but not empty': '⚠️ 放得下，但清不空',
  '⚠️ Ferry enabled {{0}} again, as it is back, but its host check fails: {{1}}. Moves onto it may fail until that is mended.':
    '⚠️ {{0}} 已恢复，Ferry 已重新启用它，但它的节点检查未通过：{{1}}。修好之前，迁移到它上面的操作可能失败。',
  '⚠️ {{0}} is no longer a destination: {{1}}. {{2}}': '⚠️ {{0}} 不再作为目的物理主机：{{1}}。{{2}}',
  '⚠️ {{0}} is not converging: {{1}} without progress, the guest dirties memory as fast as it is copied. ':
    '⚠️ {{0}} 无法收敛：已 {{1}}没有进展，虚拟机产生脏页的速度和复制一样快。',
  '⚠️ {{0}}, but the re-check before the start failed, so nothing was started (the checks above say why). Ask again once it is fixed.':
    '⚠️ {{0}}，但开始前的重新检查未通过，所以没有启动任何迁移（原因见上面的检查）。修正后请重新申请。',
  '✅ Maintenance window {{0}} of {{1}} has ended{{2}}. Re-enable the host when it is healthy.':
    '✅ {{1}} 的维护窗口 {{0}} 已结束{{2}}。节点恢复正常后请重新启用。',
  '✅ fits': '✅ 放得下',
  '✅ {{0}} moved in {{1}}: {{2}}': '✅ {{0}} 已迁移，用时 {{1}}：{{2}}',
  '✋ *Held* before step {{0}}: {{1}}; on-call decides in the thread · {{2}}':
    '✋ 第 {{0}} 步之前*搁置*：{{1}}；由值班人员在消息串中决定 · {{2}}',
  '✋ Ferry planned step {{0}} again before starting it, and a check now fails: {{1}}':
    '✋ Ferry 在开始第 {{0}} 步之前重新规划了该步骤，有一项检查现在未通过：{{1}}',
  '❌ The move of {{0}} ended *{{1}}*: {{2}}': '❌ {{0}} 的迁移以 *{{1}}* 结束：{{2}}',
  '❌ does not fit': '❌ 放不下',
  '🏁 *Drain ended*{{0}}: {{1}}': '🏁 *排空结束*{{0}}：{{1}}',
  '⏹️ *Drain stopped*{{0}} by {{1}}: {{2}}': '⏹️ *排空已由 {{1}} 停止*{{0}}：{{2}}',
  '{{0}} not started': '{{0}} 个节点未开始',
  '{{0}} not emptied, still disabled': '{{0}} 个节点未清空，仍处于禁用状态',
  '{{0}} empty, still disabled': '{{0}} 个节点已清空，仍处于禁用状态',
  'not emptied: left disabled when the drain ended': '未清空：排空结束时保持禁用',
  'empty: left disabled when the drain ended': '已清空：排空结束时保持禁用',
  'not moved: not started': '未迁移：未开始',
  'Did you mean {{0}}? Hosts: {{1}}.': '你是指 {{0}} 吗？计算节点：{{1}}。',
  ' · waits for a person: {{0}}': ' · 等待人工操作：{{0}}',
  'Continue or Skip host for {{0}}': '按“继续处理 {{0}}”或“跳过节点”',
  'Host is back for {{0}}': '为 {{0}} 按“节点已恢复”',
  "the new plan's approval": '值班人员按“批准新计划”',
  '⏹️ *Evacuation stopped* by {{0}}: {{1}} · Approved by {{2}} at {{3}}':
    '⏹️ *疏散已由 {{0}} 停止*：{{1}} · {{2}} 于 {{3}} 批准',
  '⏹️ *Move back stopped* by {{0}}: {{1}} · Approved by {{2}} at {{3}}':
    '⏹️ *迁回已由 {{0}} 停止*：{{1}} · {{2}} 于 {{3}} 批准',
  '🏁 *Evacuation finished*: {{0}}, but ⚠️ {{1}} is not empty (the report says why) · Approved by {{2}} at {{3}}':
    '🏁 *疏散完成*：{{0}}，但 ⚠️ {{1}} 并未清空（原因见报告）· {{2}} 于 {{3}} 批准',
  '🏁 *Evacuation finished*: {{0}} · Approved by {{1}} at {{2}}':
    '🏁 *疏散完成*：{{0}} · {{1}} 于 {{2}} 批准',
  '🏁 {{0}} {{1}} ({{2}}) is done{{3}}:': '🏁 {{0}} {{1}}（{{2}}）已完成{{3}}：',
  '👍 <@{{0}}> approved the new plan; the drain goes on with step {{1}}.':
    '👍 <@{{0}}> 批准了新计划；排空从第 {{1}} 步继续。',
  '👍 Approved by {{0}} at {{1}}': '👍 {{0}} 于 {{1}} 批准',
  '👍 Approved by {{0}} at {{1}}; checking the plan still holds…':
    '👍 {{0}} 于 {{1}} 批准；正在确认计划仍然可行…',
  '👍 Approved by {{0}} at {{1}}; re-checking before the start…':
    '👍 {{0}} 于 {{1}} 批准；开始前正在重新检查…',
  '👍 Approved by {{0}}; starts with window {{1}} ({{2}}) if the plan still holds then.':
    '👍 {{0}} 已批准；如果届时计划仍然可行，将随窗口 {{1}}（{{2}}）开始。',
  '👍 Approved by {{0}}; starts with window {{1}} ({{2}}).': '👍 {{0}} 已批准；将随窗口 {{1}}（{{2}}）开始。',
  '🔁 *Superseded*: approved by {{0}} at {{1}}, but the cloud changed; a new plan was posted for approval.':
    '🔁 *已被取代*：{{0}} 于 {{1}} 批准，但云环境发生了变化；已发布新计划等待审批。',
  '🔌 nova-compute on {{0}} went down and came back up: Ferry takes the host as back.':
    '🔌 {{0}} 上的 nova-compute 宕机后又恢复在线：Ferry 认为该节点已恢复。',
  '🔌 {{0}} says {{1}} is back: Ferry waits for nova-compute to report up and goes on; the host stays disabled, as it was before the drain.':
    '🔌 {{0}} 表示 {{1}} 已恢复：Ferry 等待 nova-compute 报告在线后继续；该节点保持禁用（排空之前即已禁用）。',
  '🔌 {{0}} says {{1}} is back: Ferry waits for nova-compute to report up, then enables it.':
    '🔌 {{0}} 表示 {{1}} 已恢复：Ferry 等待 nova-compute 报告在线后启用它。',
  '🔍 *Dry run*: nothing was requested. {{0}}': '🔍 *预演*：没有提交申请。{{0}}',
  '🔒 *Security findings of your host check* (only you see this):':
    '🔒 *你的节点检查发现的安全问题*（只有你能看到）：',
  '🔧 Maintenance window {{0}} of {{1}} has started{{2}}.': '🔧 {{1}} 的维护窗口 {{0}} 已开始{{2}}。',
  '⏳ Maintenance window {{0}} of {{1}} is due, but its evacuation could not check its plan: {{2}} Nothing was started and no host was disabled. Ferry tries again each minute and says when the window starts.':
    '⏳ {{1}} 的维护窗口 {{0}} 已到时间，但其疏散无法检查计划：{{2}}没有启动任何操作，也没有禁用任何计算节点。Ferry 每分钟重试一次，并会在窗口开始时告知。',
  '🔧 {{0}} is empty and disabled: do the maintenance, then press *Host is back* ({{1}}). Ferry waits for nova-compute to report up, enables it{{2}} and goes on. A reboot is noticed without the button: nova-compute going down and up again counts as back.':
    '🔧 {{0}} 已清空并禁用：请进行维护，然后按“节点已恢复”（{{1}}）。Ferry 会等待 nova-compute 报告在线，启用它{{2}}，然后继续。重启无需按钮也会被识别：nova-compute 先宕机再恢复在线即视为已恢复。',
  '🗓️ <@{{0}}> scheduled maintenance: {{1}}': '🗓️ <@{{0}}> 安排了维护：{{1}}',
  '🚚 *Draining* · {{0}}': '🚚 *排空中* · {{0}}',
  '{{0}} {{1}} {{2}} done · {{3}} running{{4}} · {{5}} failed{{6}} · {{7}} left{{8}}{{9}}':
    '{{0}} {{1}} {{2}} 台完成 · {{3}} 台进行中{{4}} · {{5}} 台失败{{6}} · 剩余 {{7}} 台{{8}}{{9}}',
  '🚚 *{{0}}*': '🚚 *{{0}}*',
  ' · ⚠️ not converging, waiting for on-call to press Force complete or Abort: {{0}}':
    ' · ⚠️ 无法收敛，等待值班人员按“强制完成”或“中止”：{{0}}',
  ' · ⏳ waiting for a person to press Confirm or Revert: {{0}}': ' · ⏳ 等待有人按下“确认”或“回退”：{{0}}',
  ' · drain {{0}} is paused: moves in flight finish, no new one starts until someone presses Resume':
    ' · 排空 {{0}} 已暂停：进行中的迁移会完成，在有人按下“恢复”之前不会开始新的迁移',
  ' · drain {{0}} is held: no new move starts until on-call approves its new plan':
    ' · 排空 {{0}} 已搁置：在值班人员批准其新计划之前不会开始新的迁移',
  '⏸️ *Paused*': '⏸️ *已暂停*',
  '✋ *Held*': '✋ *已搁置*',
  '🚚 Ferry is moving {{0}}{{1}} from {{2}} to {{3}} ({{4}}). Asked by <@{{5}}>, approved by <@{{6}}>.':
    '🚚 Ferry 正在把{{1}} {{0}} 从 {{2}} 迁移到 {{3}}（{{4}}）。申请人 <@{{5}}>，审批人 <@{{6}}>。',
  '🚚 Ferry is {{0}} ({{1}}, asked by <@{{2}}>, approved by <@{{3}}>). {{4}}:':
    '🚚 Ferry 正在{{0}}（{{1}}，申请人 <@{{2}}>，审批人 <@{{3}}>）。{{4}}：',
  '🚚 Step {{0}}: emptying {{1}} (evacuation {{2}}, its servers in its own thread).':
    '🚚 第 {{0}} 步：正在清空 {{1}}（疏散 {{2}}，其云主机见它自己的消息串）。',
  // h-plans
  'Not evaluated: {{0}} already runs on {{1}}.': '未评估：{{0}} 已经运行在 {{1}} 上。',
  'pre-migrating': '迁移准备中',
  migrating: '迁移中',
  'post-migrating': '迁移收尾中',
  finished: '已完成迁移',
  'On-call can *Force complete* ({{0}}) or *Abort* (it stays where it is) this move, or stop the evacuation (the buttons on its message).':
    '值班人员可以对这次迁移按“强制完成”（{{0}}）或“中止”（云主机留在原处），也可以停止疏散（见疏散消息上的按钮）。',
  'Not evaluated: the drain names no compute host of this cloud.':
    '未评估：这次排空没有指定这个云的任何计算节点。',
  '{{0}} for cold moves': '{{0}}（冷迁移）',
  '{{0}} for live moves': '{{0}}（热迁移）',
  '{{0}} for live and cold moves': '{{0}}（热迁移和冷迁移）',
  // h-words: wording, escaping and drain questions (issue 25 items 4, 8, 19, 21, 23, 24, 25; issue 24 item 9)
  '; its servers are back': '；云主机已迁回',
  'Approve drain {{0}}?': '批准排空 {{0}}？',
  'Drain {{0}}: answered': '排空 {{0}}：已答复',
  "The drain's held plan waits for no answer here any more: the drain is {{0}}.":
    '这次排空被搁置的计划已不再在此等待答复：排空{{0}}。',
  '{{0}} waits for no answer here any more: {{1}} {{2}}.': '{{0}} 已不再在此等待答复：{{1}} {{2}}。',
  '✅ {{0}} is done and enabled again{{1}}.': '✅ {{0}} 已完成并重新启用{{1}}。',
  '✅ {{0}} is done and stays disabled, as it was before the drain.':
    '✅ {{0}} 已完成，保持禁用状态（排空之前即已禁用）。',
  '✅ {{0}} is done and stays disabled, as it was before the drain ("{{1}}").':
    '✅ {{0}} 已完成，保持禁用状态（排空之前即已禁用：“{{1}}”）。',
  '"{{0}}" cannot be {{1}}': '“{{0}}”不能是 {{1}}',
  '"{{0}}" is missing': '缺少“{{0}}”',
  '"{{0}}" is one of {{1}}': '“{{0}}”只能是 {{1}} 之一',
  '"{{0}}" is {{1}} buttons: {{2}}. Type its number, or the label with its ID.':
    '“{{0}}”对应 {{1}} 个按钮：{{2}}。请输入编号，或输入按钮名加 ID。',
  '"{{0}}" must be a {{1}}': '“{{0}}”必须是 {{1}}',
  '"{{0}}" must be at least {{1}}': '“{{0}}”至少为 {{1}}',
  '"{{0}}" must be at most {{1}}': '“{{0}}”至多为 {{1}}',
  'A fault needs a "type".': '故障需要“type”。',
  'Sandbox: {{0}}.': '沙箱：{{0}}。',
  'The fault "{{0}}" cannot be applied: {{1}}; {{2}}.': '无法施加故障“{{0}}”：{{1}}；{{2}}。',
  'The sandbox refused that fault: {{0}}.': '沙箱拒绝了该故障：{{0}}。',
  'There is no sandbox fault "{{0}}".': '沙箱没有名为“{{0}}”的故障。',
  'Waiting for a person: {{0}} ({{1}}) is not converging (its thread says so) and ends only when on-call forces or aborts it: /migrations force {{2}} or /migrations abort {{3}}. {{4}}':
    '等待人工操作：{{0}}（{{1}}）没有收敛（其消息串中已说明），只有值班人员强制完成或中止它才会结束：/migrations force {{2}} 或 /migrations abort {{3}}。{{4}}',
  'The stall policy could not {{0}}: it is left to on-call.': '停滞策略未能执行“{{0}}”：交由值班人员处理。',
  'The stall policy has not decided yet.': '停滞策略尚未作出决定。',
  'Type /wait to wait again.': '输入 /wait 继续等待。',
  'Waiting for Nova: {{0}} ({{1}}) is not converging; on-call asked Nova to abort it, and Nova has not ended it yet (its thread says when it does).':
    '等待 Nova：{{0}}（{{1}}）没有收敛；值班人员已请求 Nova 中止它，Nova 尚未结束它（结束时其消息串中会说明）。',
  'Waiting for Nova: {{0}} ({{1}}) is not converging; on-call asked Nova to force-complete it, and Nova has not ended it yet (its thread says when it does).':
    '等待 Nova：{{0}}（{{1}}）没有收敛；值班人员已请求 Nova 强制完成它，Nova 尚未结束它（结束时其消息串中会说明）。',
  'Stopped waiting; still running: {{0}}. Ferry goes on with them; /wait waits again, {{1}}.':
    '已停止等待；仍在运行：{{0}}。Ferry 会继续处理它们；/wait 可再次等待，{{1}}。',
  'Waiting; press Enter to stop waiting (Ferry goes on).': '正在等待；按回车停止等待（Ferry 会继续）。',
  'Still running after {{0}}: {{1}}. Type /wait to wait again; {{2}}.':
    '{{0}}后仍在运行：{{1}}。输入 /wait 继续等待；{{2}}。',
  '/migrations shows where each stands': '/migrations 显示每项的进展',
  '/migrations shows where each move stands, {{0}}': '/migrations 显示每次迁移的进展，{{0}}',
  '/drain {{0}} shows the drain': '/drain {{0}} 显示该排空',
  '/drain list shows the drains': '/drain list 显示各个排空',
  'an evacuation between two moves': '一次疏散（在两次迁移之间）',
  'every answer now waits {{0}} ms': '现在每个应答都延迟 {{0}} 毫秒',
  "Placement frees a finished move's source {{0}} s after Nova's record says it ended":
    '在 Nova 的记录显示迁移结束 {{0}} 秒后，Placement 才释放该迁移在源物理主机上的资源',
  'every issued token is now rejected with 401': '所有已签发的令牌现在都会被 401 拒绝',
  'faults cleared and nova.conf back to its defaults': '故障已清除，nova.conf 已恢复为默认值',
  "faults cleared and nova.conf back to its defaults; what stays is the cloud's state, not a fault: {{0}}":
    '故障已清除，nova.conf 已恢复为默认值；保留的是云的状态，不是故障：{{0}}',
  'nova-compute on {{0}} is down (/fault {"type":"service-up","host":"{{1}}"} brings it up)':
    '{{0}} 上的 nova-compute 已宕机（/fault {"type":"service-up","host":"{{1}}"} 可使其恢复）',
  '{{0}} dirties memory faster than it is copied (/fault {"type":"converge","server":"{{1}}"} lets it converge)':
    '{{0}} 产生脏页的速度快于复制速度（/fault {"type":"converge","server":"{{1}}"} 可使其收敛）',
  'nova-compute on {{0}} is down': '{{0}} 上的 nova-compute 已宕机',
  'nova-compute on {{0}} is up': '{{0}} 上的 nova-compute 已恢复在线',
  'the next migration fails at {{0}}': '下一次迁移将在 {{0}} 阶段失败',
  'the next migration of {{0}} fails at {{1}}': '{{0}} 的下一次迁移将在 {{1}} 阶段失败',
  'the next server action answers 409 (a task is already running)':
    '下一个云主机操作将返回 409（已有任务在运行）',
  '{{0}} Faults: {{1}}; {{2}}.': '{{0}} 可用的故障：{{1}}；{{2}}。',
  '{{0}} dirties no memory now': '{{0}} 现在不再产生脏内存',
  '{{0}} now dirties memory faster than it can be copied: live migration will not converge':
    '{{0}} 现在产生脏页的速度超过复制速度：热迁移将无法收敛',
  ' since {{0}} emptied it': '（{{0}} 清空它之后一直如此）',
  ' · in <#{{0}}>': ' · 在 <#{{0}}>',
  '*Maintenance under way*': '*正在进行的维护*',
  'No other window is scheduled.': '没有安排其他维护窗口。',
  'Only on-call people may confirm or revert it: {{0}}.': '只有值班人员可以确认或回退：{{0}}。',
  'Only on-call people may abort it or force it to complete: {{0}}.':
    '只有值班人员可以中止或强制完成：{{0}}。',
  '{{0}} became unusable during the evacuation, as {{1}}': '疏散期间 {{0}} 变得不可用，因为{{1}}',
  // h-unknown: unanswered Nova actions, outages, retried starts
  '{{0}} UTC': '{{0}} UTC',
  'Nova accepted the migration on try {{0}}': 'Nova 在第 {{0}} 次尝试时接受了迁移',
  "Asks Nova at {{0}}: {{1}} (same anti-affinity group) left {{2}} at {{3}}, and Nova's scheduler may count it there until {{4}}'s nova-compute next lists its servers (every 2 minutes by default), refusing this move until then":
    '将于 {{0}} 向 Nova 发出请求：{{1}}（同一反亲和组）已于 {{3}} 离开 {{2}}，而在 {{4}} 的 nova-compute 下次上报其云主机列表之前（默认每 2 分钟一次），Nova 的调度器可能仍把它算在那里，并因此拒绝这次迁移',
  'Cannot reach Nova since {{0}}; still watching': '自 {{0}} 起无法连接 Nova；仍在监视',
  'Could not reach Nova before asking it to move {{0}} ({{1}}); nothing was sent. Ask again once Nova answers.':
    '在请求迁移 {{0}} 之前无法连接 Nova（{{1}}）；没有发送任何请求。待 Nova 恢复应答后请重新申请。',
  'Nova answers again (failing since {{0}}, for {{1}}); still watching':
    'Nova 已恢复应答（自 {{0}} 起请求失败，持续 {{1}}）；仍在监视',
  'Nova is not available since {{0}} (it answers {{1}}); still watching':
    '自 {{0}} 起 Nova 不可用（应答 {{1}}）；仍在监视',
  "Nova fails Ferry's reads since {{0}} (it answers {{1}}); still watching":
    '自 {{0}} 起 Nova 对 Ferry 的读取请求返回错误（应答 {{1}}）；仍在监视',
  'Nova did not answer the request to {{0}}, so whether it was done is unknown; look at the server before trying again':
    'Nova 没有应答{{0}}的请求，无法确定是否已执行；重试前请先检查云主机',
  'Nova did not start the migration: {{0}} tries, none answered or reached Nova (last: {{1}}), and Nova shows no migration of {{2}} since. Nothing was started; ask again once Nova answers.':
    'Nova 没有开始迁移：共尝试 {{0}} 次，均未得到应答或未到达 Nova（最后一次：{{1}}），且此后 Nova 没有 {{2}} 的任何迁移记录。没有开始任何迁移；待 Nova 恢复应答后请重新申请。',
  // h-security
  '*🚢 Ferry*': '*🚢 Ferry*',
  'Only requesters and on-call staff see what Ferry is doing. Ask a Ferry admin to add you to FERRY_READERS.':
    '只有申请人和值班人员能看到 Ferry 正在做的事。请 Ferry 管理员把你加入 FERRY_READERS。',
  // h-storefail: a store that cannot write
  'Ferry cannot write its database': 'Ferry 无法写入它的数据库',
  'Ferry writes its database again': 'Ferry 已能再次写入它的数据库',
  '⚠️ Ferry cannot write its database: {{0}} (still watching, no new moves)':
    '⚠️ Ferry 无法写入它的数据库：{{0}}（仍在监视，不会开始新的迁移）',
  '✅ Ferry writes its database again (it could not from {{0}} to {{1}}); carrying on from what it holds.':
    '✅ Ferry 已能再次写入它的数据库（{{0}} 至 {{1}} 期间无法写入）；按数据库中的记录继续。',
  'Ferry picked up watching again after a database outage': '数据库中断后 Ferry 已恢复监视',
  '↻ Ferry could not reach its database from {{0}} to {{1}}, so no Ferry process could keep its hold on this {{2}}; this one picked it up at {{3}} and watches it now.':
    '↻ Ferry 在 {{0}} 至 {{1}} 期间无法连接它的数据库，因此没有任何 Ferry 进程能保持对此{{2}}的租约；本进程于 {{3}} 接手，现在由它监视。',
  // h-claims: hosts and servers held by one operation at a time
  'No other operation holds them': '没有其他操作占用',
  'No running or approved operation holds these hosts or servers.':
    '没有正在运行或已批准的操作占用这些计算节点或云主机。',
  "No running or approved operation holds them, but {{0}} waits for approval for {{1}} too: while the one approved first runs, it holds it and the other's approval is refused.":
    '没有正在运行或已批准的操作占用它们，但 {{0}} 也在为 {{1}} 等待审批：先获批准的一方运行期间会占用它，另一方的审批会被拒绝。',
  'Reject the one not wanted (/migrations {{0}} shows it), or let it expire.':
    '拒绝不需要的那个申请（/migrations {{0}} 可查看），或让它过期。',
  'Nothing started: {{0}}.': '没有开始：{{0}}。',
  'Nothing was approved: {{0}}. Approve again once {{1}} has ended.':
    '没有批准任何内容：{{0}}。请在 {{1}} 结束后再批准。',
  'Wait until {{0}} ends (or stop it), then ask again.': '请等待 {{0}} 结束（或停止它），然后重新申请。',
  'Wait until {{0}} has moved {{1}} (or stop it), then ask again.':
    '请等待 {{0}} 迁移完 {{1}}（或停止它），然后重新申请。',
  '{{0}}, and the server group {{1}} lets {{2}} of its members move or stay stopped at once.':
    '{{0}}，而云主机组 {{1}} 同时只允许 {{2}} 个成员迁移或停机。',
  'a server is moving off {{0}} with {{1}}': '一台云主机正通过 {{1}} 迁出 {{0}}',
  'a server is moving onto {{0}} with {{1}}': '一台云主机正通过 {{1}} 迁入 {{0}}',
  '{{0}} is being drained by {{1}}': '{{0}} 正在被 {{1}} 排空',
  '{{0}} is being evacuated by {{1}}': '{{0}} 正在被 {{1}} 疏散',
  '{{0}} is being moved by evacuation {{1}}': '{{0}} 正在被疏散 {{1}} 迁移',
  '{{0}} is being moved by {{1}}': '{{0}} 正在被 {{1}} 迁移',
  '{{0}} is being moved by {{1}} (drain {{2}})': '{{0}} 正在被 {{1}} 迁移（排空 {{2}}）',
  '{{0}} is getting its servers back with {{1}}': '{{0}} 的云主机正通过 {{1}} 迁回',
  '{{0}}.': '{{0}}。',
  'Window {{0}} is for {{1}}, which this drain does not empty ({{2}}): a drain can only start with a window of one of its hosts.':
    '窗口 {{0}} 属于 {{1}}，而此排空不清空它（{{2}}）：排空只能随其某个计算节点的窗口开始。',
  'Every server listed': '每台云主机都已列出',
  "Ferry could not check whether Nova's lists of the servers on {{0}} leave some out (Nova or Placement did not answer that check).":
    'Ferry 无法检查 Nova 列出的 {{0}} 上的云主机是否有遗漏（Nova 或 Placement 未响应该检查）。',
  "⚠️ Ferry could not check whether Nova's list of the servers on {{0}} leaves some out (Nova or Placement did not answer that check): make sure it is empty before its maintenance.":
    '⚠️ Ferry 无法检查 Nova 列出的 {{0}} 上的云主机是否有遗漏（Nova 或 Placement 未响应该检查）：维护前请确认它已清空。',
  'Find why Nova leaves them out (a cell whose database does not answer: nova-manage cell_v2 list_cells), then ask again.':
    '查明 Nova 为何漏列它们（某个 cell 的数据库无响应：nova-manage cell_v2 list_cells），然后重新申请。',
  "Nova's list of the servers on {{0}} leaves out {{1}}, which Nova places there when asked by ID":
    'Nova 列出的 {{0}} 上的云主机中没有 {{1}}，但按 ID 查询时 Nova 说它们就在那里',
  "Nova's list of the servers on {{0}} leaves out {{1}}, which Placement still holds there and Nova could not read (it answered {{2}}: the database of their cell may not answer)":
    'Nova 列出的 {{0}} 上的云主机中没有 {{1}}，而 Placement 仍在那里为它们保留资源，Nova 也无法读取它们（返回 {{2}}：它们所在 cell 的数据库可能无响应）',
  '{{0}}. The plan cannot move them, and the host is not called empty while they are on it.':
    '{{0}}。计划无法迁移它们；只要它们还在该节点上，就不会认为该节点已清空。',
  "Nova's list of its servers leaves out {{0}}, yet Nova places them on it when asked by ID":
    'Nova 列出的该节点云主机中没有 {{0}}，但按 ID 查询时 Nova 说它们就在这个节点上',
  "Placement still holds room on it for {{0}}, which Nova's list of its servers leaves out and Nova could not read (it answered {{1}}: the database of their cell may not answer)":
    'Placement 仍在该节点上为 {{0}} 保留资源，而 Nova 列出的该节点云主机中没有它们，Nova 也无法读取（返回 {{1}}：它们所在 cell 的数据库可能无响应）',
  '⚠️ {{0}} is not empty: {{1}}. Do not start its maintenance while they are on it.':
    '⚠️ {{0}} 未清空：{{1}}。它们还在上面时，不要开始维护。',
  'Planned again onto the other destinations: {{0}}.': '已重新规划到其他目的物理主机：{{0}}。',
  'planned again onto {{0}}: {{1}} became unusable, as {{2}}':
    '已重新规划到 {{0}}：{{1}} 已不可用，因为{{2}}',
  '↩️ <@{{0}}> asked to move back what evacuation {{1}} took off {{2}}. Waiting for approval by {{3}}.':
    '↩️ <@{{0}}> 申请把疏散 {{1}} 从 {{2}} 迁走的云主机迁回。等待 {{3}} 审批。',
  'Going on with {{0}} was already approved by {{1}}.': '继续处理 {{0}} 已由 {{1}} 批准。',
  'You asked to go on with {{0}}, so someone else on call must approve it (four-eyes rule): {{1}}.':
    '是你申请继续处理 {{0}}，因此必须由其他值班人员批准（四眼原则）：{{1}}。',
  // h-outbox: messages Slack refused, on App Home
  "*Messages Slack refused* (not posted; check the channel and Ferry's membership)":
    '*Slack 拒绝的消息*（未发布；请检查频道以及 Ferry 是否为其成员）',
  // h-trial: findings of the operator trial
  'A move back of {{0}} was asked already and waits for approval ({{1}}).':
    '{{0}} 的迁回已有人申请，正在等待批准（{{1}}）。',
  'Approve this move back?': '批准这次迁回？',
  '↩️ Move back {{0}} ended: {{1}}; its report is in its thread.':
    '↩️ 迁回 {{0}} 已结束：{{1}}；报告见其消息串。',
  '↩️ Move back {{0}}, asked by {{1}}, is under way: its own message tells how it goes.':
    '↩️ 由 {{1}} 申请的迁回 {{0}} 正在进行：进展见它自己的消息。',
  '↩️ {{0}} asked to move them back: {{1}} waits for approval in its own message.':
    '↩️ {{0}} 已申请把它们迁回：{{1}} 在它自己的消息中等待审批。',
  '🏁 *Move back finished*: {{0}} · Approved by {{1}} at {{2}}': '🏁 *迁回完成*：{{0}} · {{1}} 于 {{2}} 批准',
  '{{0}}/s sent, but what is left does not shrink': '已发送 {{0}}/s，但剩余量没有减少',
  'Input ended': '输入已结束',
  Leaving: '正在退出',
  "{{0}}; {{1}}. It waits in Ferry's records: at its next start Ferry takes it up where it is.":
    '{{0}}；{{1}}。它保存在 Ferry 的记录中：Ferry 下次启动时会从当前状态接着处理。',
  '{{0}}; {{1}}.': '{{0}}；{{1}}。',
  'The built-in sandbox cloud stops with the console; Ferry says what it finds when it starts again.':
    '内置沙箱云随控制台一起停止；Ferry 再次启动时会说明它看到的情况。',
  'The built-in sandbox cloud stops with the console, so what Ferry stops watching ends with it; Ferry says what it finds when it starts again.':
    '内置沙箱云随控制台一起停止，Ferry 停止关注的一切也随之结束；Ferry 再次启动时会说明它看到的情况。',
  "{{0}}; waiting for approval: {{1}}. Nothing was asked of the cloud for them; they stay in Ferry's records and can still be approved after its next start, until they expire (FERRY_APPROVAL_TTL after they were asked).":
    '{{0}}；等待批准：{{1}}。尚未为它们向云发出任何请求；它们保留在 Ferry 的记录中，Ferry 下次启动后仍可批准，直到过期（提出后 FERRY_APPROVAL_TTL）。',
  'being asked of Nova': '正在向 Nova 发出请求',
  'accepted by Nova, not started yet': 'Nova 已接受，尚未开始',
  'being confirmed': '正在确认',
  'being reverted': '正在回退',
  'under way': '进行中',
  '{{0}} ({{1}}, {{2}})': '{{0}}（{{1}}，{{2}}）',
  '{{0}} waits for someone to press Confirm or Revert': '{{0}} 等待有人按下“确认”或“回退”',
  '{{0}} waits for {{1}}': '{{0}} 等待{{1}}',
  'on-call to press Approve new plan': '值班人员按下“批准新计划”',
  'someone to press Resume': '有人按下“恢复”',
  'someone to press Host is back for {{0}}': '有人为 {{0}} 按下“节点已恢复”',
  'someone to press Continue with {{0}} or Skip host': '有人按下“继续处理 {{0}}”或“跳过节点”',
  'on-call to press Force complete or Abort for {{0}}': '值班人员为 {{0}} 按下“强制完成”或“中止”',
  'someone to press Confirm or Revert for {{0}}': '有人为 {{0}} 按下“确认”或“回退”',
  '{{0}}; Ferry stops watching {{1}}.': '{{0}}；Ferry 停止关注 {{1}}。',
  '{{0}}; Ferry stops watching {{1}}. They go on in the cloud; Ferry watches them again at its next start.':
    '{{0}}；Ferry 停止关注 {{1}}。它们在云中继续进行；Ferry 下次启动时会再次关注它们。',
  '…and {{0}} more ended before these; `/migrations <ID>` shows any of them.':
    '……此前另有 {{0}} 个已结束；`/migrations <ID>` 可查看其中任何一个。',
  'an unknown time': '未知时长',
  'Ferry could not check whether this was already posted (Slack answered {{0}}): it may appear twice.':
    'Ferry 无法确认这条消息是否已经发出（Slack 回答 {{0}}）：它可能出现两次。',
  ' the drain; Ferry does not enable it': '（排空之前即已禁用）；Ferry 不会启用它',
  ', so its servers stay where they went': '，所以它的云主机留在迁去的地方',
  'Ferry leaves {{0}} disabled as it was before the drain and goes on.':
    'Ferry 让 {{0}} 保持排空之前的禁用状态，然后继续。',
  'Ferry waits for nova-compute on {{0}} to report up and goes on; the host stays disabled.':
    'Ferry 等待 {{0}} 上的 nova-compute 报告在线后继续；该节点保持禁用。',
  'Nova lists no nova-compute on {{0}}.': 'Nova 未列出 {{0}} 上的 nova-compute。',
  'drain {{0}} enables it once the host is back': '节点恢复后由排空 {{0}} 启用',
  'nova-compute on {{0}} stays disabled, as it was before{{1}}.':
    '{{0}} 上的 nova-compute 保持禁用，与之前一样{{1}}。',
  're-enable it after the maintenance: `openstack compute service set --enable {{0}} nova-compute`':
    '维护后请重新启用：`openstack compute service set --enable {{0}} nova-compute`',
  '{{0}} was enabled again outside Ferry, and Ferry could not disable it again: {{1}}':
    '{{0}} 在 Ferry 之外被重新启用，Ferry 未能再次禁用它：{{1}}',
  '{{0}} was enabled again outside Ferry; Ferry disabled it again for its maintenance: {{1}}.':
    '{{0}} 在 Ferry 之外被重新启用；Ferry 已为维护再次禁用它：{{1}}。',
  '⚠️ nova-compute on {{0}} was enabled again outside Ferry, and Ferry could not disable it again: it is *enabled*.':
    '⚠️ {{0}} 上的 nova-compute 在 Ferry 之外被重新启用，Ferry 未能再次禁用它：它处于*启用*状态。',
  '🔒 {{0}} was enabled again outside Ferry; Ferry disabled it again (drain {{1}}).':
    '🔒 {{0}} 在 Ferry 之外被重新启用；Ferry 已再次禁用它（排空 {{1}}）。',
  '🔧 {{0}} is empty; nova-compute on it was disabled before the drain and stays disabled: Ferry does not enable it{{1}}. Do the maintenance, then press *Host is back* ({{2}}) for the drain to go on. A reboot is noticed without the button: nova-compute going down and up again counts as back.':
    '🔧 {{0}} 已清空；它上面的 nova-compute 在排空之前即已禁用，并保持禁用：Ferry 不会启用它{{1}}。请进行维护，然后按“节点已恢复”（{{2}}）让排空继续。重启无需按钮也会被识别：nova-compute 先宕机再恢复在线即视为已恢复。',
  // h-trial: answered questions say who answered; facts rendered at the edge
  ' — skipped by <@{{0}}>{{1}}': ' — 由 <@{{0}}> 跳过{{1}}',
  ', {{0}} skipped, {{1}} not started': '，{{0}} 个跳过，{{1}} 个未开始',
  '; it was enabled again as it was': '；它已按原样重新启用',
  'took {{0}}': '用时 {{0}}',
  '{{0}} so far': '已用时 {{0}}',
  '{{0}} done': '{{0}} 个节点已完成',
  '⏭️ Answered: {{0}} skipped {{1}}{{2}}.': '⏭️ 已答复：{{0}} 跳过了 {{1}}{{2}}。',
  "⏭️ Answered: {{0}} skipped {{1}}, the step's last host: the step was dropped with its new plan.":
    '⏭️ 已答复：{{0}} 跳过了该步的最后一个节点 {{1}}：该步连同其新计划被略过。',
  '⏭️ Step {{0}} has no host left: it is dropped, and as it was the last step the drain ends.':
    '⏭️ 第 {{0}} 步已没有节点：该步被略过；它是最后一步，排空结束。',
  '⏭️ Step {{0}} has no host left: it is dropped, and the drain goes on with step {{1}}.':
    '⏭️ 第 {{0}} 步已没有节点：该步被略过，排空从第 {{1}} 步继续。',
  '⏭️ {{0}} skipped {{1}}: it is enabled again as it is.': '⏭️ {{0}} 跳过了 {{1}}：它已按原样重新启用。',
  '⏹️ Answered: the drain was stopped by {{0}}.': '⏹️ 已答复：排空已由 {{0}} 停止。',
  '▶️ <@{{0}}> approved going on with {{1}} (asked by <@{{2}}>): Ferry tries to empty it again.':
    '▶️ <@{{0}}> 批准继续处理 {{1}}（由 <@{{2}}> 申请）：Ferry 再次尝试清空它。',
  '▶️ <@{{0}}> asks to go on with {{1}}: another on-call person presses *Continue* to approve (four-eyes rule).':
    '▶️ <@{{0}}> 申请继续处理该节点：需由另一位值班人员按“继续处理 {{1}}”批准（四眼原则）。',
  '▶️ Answered: Continue with {{0}}, asked by {{1}} and approved by {{2}}; Ferry tried to empty it again.':
    '▶️ 已答复：“继续处理 {{0}}”，由 {{1}} 申请、{{2}} 批准；Ferry 已再次尝试清空它。',
  '⚠️ {{0}} is *not empty*: {{1}}{{2}} Do not reboot it. {{3}}: *Continue* tries to empty it again, *Skip host* enables it again as it is and goes on{{4}}, *Stop drain* ends the drain.':
    '⚠️ {{0}} *未清空*：{{1}}{{2}}不要重启它。{{3}}：“继续处理”会再次尝试清空它，“跳过节点”会按原样重新启用它并继续{{4}}，“停止排空”会结束排空。',
  ' Still on it: {{0}}{{1}}.': '仍在上面的：{{0}}{{1}}。',
  '✅ Answered: {{0}} approved the new plan; the drain went on.':
    '✅ 已答复：{{0}} 批准了新计划；排空已继续。',
  '🔌 Answered: nova-compute on {{0}} went down and came back up, so Ferry took the host as back.':
    '🔌 已答复：{{0}} 上的 nova-compute 曾宕机又恢复在线，因此 Ferry 认定该节点已恢复。',
  '🔌 Answered: {{0}} said {{1}} is back.': '🔌 已答复：{{0}} 确认 {{1}} 已恢复。',
  '{{0}}{{1}}.': '{{0}}{{1}}。',
  ', request {{0}}': '，请求 {{0}}',
  'Nova could not read {{0}}': 'Nova 无法读取 {{0}}',
  'it answered {{0}}, an error inside Nova (a cell database that does not answer does this)':
    '它返回 {{0}}，是 Nova 内部错误（cell 数据库无响应时会这样）',
  'it answered {{0}}: {{1}}': '它返回 {{0}}：{{1}}',
  "nova-api's and nova-conductor's logs": 'nova-api 和 nova-conductor 的日志',
  "nova-api's log under {{0}}": 'nova-api 日志中的 {{0}}',
  "{{0}} is not available right now (503 Service Unavailable: its API is restarting, or the load balancer in front of it has no working backend). Ferry tries again where it is watching; a command can be sent again in a minute. If it lasts, the cloud's admins must look at {{1}}'s API and its load balancer.":
    '{{0}} 暂时不可用（503 Service Unavailable：它的 API 正在重启，或它前面的负载均衡器没有可用的后端）。Ferry 在监视之处会自动重试；命令可在一分钟后重新发送。若持续如此，需要云管理员检查 {{1}} 的 API 及其负载均衡器。',
  "{{0}} is not available right now (503 Service Unavailable: its API is restarting, or the load balancer in front of it has no working backend). If it lasts, the cloud's admins must look at {{1}}'s API and its load balancer.":
    '{{0}} 暂时不可用（503 Service Unavailable：它的 API 正在重启，或它前面的负载均衡器没有可用的后端）。若持续如此，需要云管理员检查 {{1}} 的 API 及其负载均衡器。',
  "{{0}} had an error inside it ({{1}}{{2}}); its API log says why (a cell database that does not answer does this). If it persists, the cloud's admins must look.":
    '{{0}} 内部出错（{{1}}{{2}}）；原因见它的 API 日志（cell 数据库无响应时会这样）。若持续出现，需要云管理员排查。',
  '⚠️ Nova could not read {{0}}: {{1}}. The evacuation goes on with the other servers and reads {{2}} again at each look; it moves once Nova answers for it. Why: {{3}}. To end the evacuation without it, press _Stop starting new moves_.':
    '⚠️ Nova 无法读取 {{0}}：{{1}}。疏散继续迁移其他云主机，并在每次查看时重新读取 {{2}}；Nova 能返回它时即迁移它。原因见：{{3}}。若要不等它就结束疏散，请按“停止启动新的迁移”。',
  'Nova could not read it ({{0}}); it stays where it is: move it back with /migrate once Nova answers for it':
    'Nova 无法读取它（{{0}}）；它留在原处：等 Nova 能返回它后，用 /migrate 把它迁回',
  'it answered {{0}}': '它返回 {{0}}',
  'it did not answer': '它没有响应',
  'Ferry could not read which servers are still on {{0}}: Nova did not answer. Look before the window starts.':
    'Ferry 无法读取 {{0}} 上还有哪些云主机：Nova 没有响应。请在维护窗口开始前查看。',
  'A step of the move': '迁移的某个步骤',
  'Choosing the destination': '选择目的物理主机',
  'Cleaning up the destination': '清理目的物理主机',
  'Confirming the move': '确认迁移',
  'Copying the server from its source': '从源物理主机复制云主机',
  'Copying the server to the destination': '把云主机复制到目的物理主机',
  'Waiting for a migration slot on the source': '等待源物理主机的迁移名额',
  'Finishing on the destination': '在目的物理主机上收尾',
  'Nova showed no migration record for this move. {{0}} is {{1}} on {{2}}.':
    'Nova 没有显示这次迁移的迁移记录。{{0}} 在 {{2}} 上，状态为 {{1}}。',
  'Nova accepted the request ({{0}}) but no longer has any record of it, neither its instance action nor a migration (was the cloud reset or restored?), not even whether the move ran. {{1}} is {{2}} on {{3}}; check it before asking again.':
    'Nova 曾接受请求（{{0}}），但已不再有它的任何记录，既没有其实例操作，也没有迁移（云是否被重置或恢复过？），连迁移是否执行过也无从得知。{{1}} 在 {{3}} 上，状态为 {{2}}；重新申请前请先检查。',
  'Nova accepted the request ({{0}}) but shows no migration for it after {{1}}':
    'Nova 已接受请求（{{0}}），但 {{1}}后仍未显示它的迁移',
  'Nova accepted the request but shows no migration for it after {{0}}':
    'Nova 已接受请求，但 {{0}}后仍未显示它的迁移',
  '{{0}} is still {{1}} on {{2}}': '{{0}} 仍在 {{2}} 上，状态为 {{1}}',
  '{{0}} is {{1}} on {{2}}, no longer on {{3}}': '{{0}} 在 {{2}} 上，状态为 {{1}}，已不在 {{3}} 上',
  "{{0}}: no migration record, no failed step, no task on the server. {{1}}; Ferry stopped watching. Look at the server's instance actions before asking again.":
    '{{0}}：没有迁移记录，没有失败的步骤，云主机上也没有进行中的任务。{{1}}；Ferry 已停止跟踪。重新申请前请先查看该云主机的实例操作记录。',
  'Nova never started the migration: {{0}}. {{1}} is {{2}} on {{3}}.':
    'Nova 从未启动这次迁移：{{0}}。{{1}} 在 {{3}} 上，状态为 {{2}}。',
  'Preparing the destination': '准备目的物理主机',
  'Rebuilding the server on the destination': '在目的物理主机上重建云主机',
  'Reverting the move': '回退迁移',
  'Starting the server on the destination': '在目的物理主机上启动云主机',
  "The destination's check": '目的物理主机的检查',
  "The source's check": '源物理主机的检查',
  'The transfer': '数据传输',
  '{{0}} failed on {{1}}: {{2}}': '{{0}}在 {{1}} 上失败：“{{2}}”',
  '{{0}} failed on {{1}}; Nova recorded no reason': '{{0}}在 {{1}} 上失败；Nova 没有记录原因',
  '{{0}} failed: {{1}}': '{{0}}失败：“{{1}}”',
  '{{0}} failed; Nova recorded no reason': '{{0}}失败；Nova 没有记录原因',
  'Nova cannot read it now: it answers {{0}} for this server alone ({{1}}) and answers for the rest. Ferry keeps looking, and says how the move ends.':
    'Nova 现在无法读取它：它只对这台云主机返回 {{0}}（{{1}}），对其他请求照常响应。Ferry 继续查看，并会告知迁移的结果。',
  "as it does when the database of the server's cell does not answer":
    '云主机所在 cell 的数据库无响应时就会这样',
  ' to paths containing {{0}}': '（路径包含 {{0}}）',
  '"{{0}}" names {{1}} servers; use the ID': '“{{0}}”对应 {{1}} 台云主机；请用 ID',
  'Nova answers {{0}} for the next {{1}} s': '接下来 {{1}} 秒内 Nova 返回 {{0}}',
  'Nova answers {{0}} ms late for the next {{1}} s': '接下来 {{1}} 秒内 Nova 的应答推迟 {{0}} 毫秒',
  "Nova no longer has migration {{0}} of {{1}}: os-migrations and the server's migrations do not list it, and reading it answers 404":
    'Nova 不再有 {{1}} 的迁移 {{0}}：os-migrations 和该云主机的迁移列表都不再列出它，读取它返回 404',
  dropped: '被丢弃',
  'every compute host': '所有计算节点',
  'nova.conf of {{0}}: {{1}}': '{{0}} 的 nova.conf：{{1}}',
  'nova.conf of {{0}}: no option given, nothing changed': '{{0}} 的 nova.conf：未给出任何选项，未作更改',
  'sent {{0}} ms late': '推迟 {{0}} 毫秒发送',
  'the cell database of {{0}} does not answer for {{1}} s: their requests answer 500, migration lists and server lists with a filter skip their records':
    '{{0}} 所在 cell 的数据库在 {{1}} 秒内无响应：对它们的请求返回 500，迁移列表和带过滤条件的云主机列表略过它们的记录',
  'the sandbox has no host "{{0}}"': '沙箱中没有计算节点“{{0}}”',
  'the sandbox has no server "{{0}}"': '沙箱中没有云主机“{{0}}”',
  '{{0}} has no migration record to forget': '{{0}} 没有可以删除的迁移记录',
  '{{0}}{{1}} are carried out, then the answer is {{2}}': '{{0}}{{1}}会被执行，然后应答{{2}}',
  ', ': '，',
  '{{0}} ({{1}})': '{{0}}（{{1}}）',
  'Nova: {{0}}': 'Nova：“{{0}}”',
  ', {{0}}': '，{{0}}',
  ' ({{0}})': '（{{0}}）',
  ' ("{{0}}")': '（“{{0}}”）',
  ' ({{0}}{{1}}{{2}})': '（{{0}}{{1}}{{2}}）',
  '{{0}} {{1}}: {{2}} {{3}} → {{4}} ({{5}})': '{{0}} {{1}}：{{2}} {{3}} → {{4}}（{{5}}）',
  '. ': '。',
  '; ': '；',
  '; {{0}}': '；{{0}}',
  disabled: '已禁用',
  '{{0}}: {{1}}': '{{0}}：{{1}}',
  '   • {{0}} ({{1}}) {{2}} → {{3}}, {{4}}': '   • {{0}}（{{1}}）{{2}} → {{3}}，{{4}}',
  '{{0}} <#{{1}}> {{2}}: {{3}}': '{{0}} <#{{1}}> {{2}}：{{3}}',
  '{{0}} {{1}} {{2}}: {{3}}': '{{0}} {{1}} {{2}}：{{3}}',
  '{{0}}: {{1}} ({{2}})': '{{0}}：{{1}}（{{2}}）',
  '• {{0}}: {{1}}': '• {{0}}：{{1}}',
  '• {{0}}: {{1}}: {{2}}': '• {{0}}：{{1}}：{{2}}',
  '→ {{0}} ({{1}}, {{2}})': '→ {{0}}（{{1}}，{{2}}）',
  '↪️ {{0}} cannot go back: {{1}}': '↪️ {{0}} 不能迁回：{{1}}',
  ', bringing back after each the servers that can go back ({{0}} of {{1}} cannot: the plan says why)':
    '，每步之后把能迁回的云主机迁回（{{1}} 台中有 {{0}} 台不能迁回：计划中写明原因）',
  ', so their servers stay where they go': '，所以它们的云主机留在迁去的地方',
  '; no server left it, so none comes back': '；没有云主机从它迁出，所以没有云主机迁回',
  '; none of its servers can go back': '；它的云主机都不能迁回',
  'Empty {{0}}, disabled before the drain: Ferry leaves them disabled{{1}}.':
    '清空 {{0}}（排空之前即已禁用）：Ferry 让它们保持禁用{{1}}。',
  'Nothing to empty on {{0}}: disabled before the drain and without servers, left disabled as found.':
    '{{0}} 上没有需要清空的：排空之前即已禁用且没有云主机，保持发现时的禁用状态。',
  '{{0}} was disabled before the drain and stays disabled': '{{0}} 在排空之前即已禁用，并保持禁用',
  'The cloud answers again (the re-check got no answer from {{0}}), but a check fails now, so nothing is started.':
    '云平台又有应答了（重新检查自 {{0}} 起没有得到应答），但现在有一项检查不通过，所以不会开始。',
  'a drain whose looks fail (its thread says why)': '一次检查失败的排空（其消息串说明原因）',
  '{{0}} {{1}}: approved; its re-check before the start waits for the cloud to answer (since {{2}}){{3}}':
    '{{0}} {{1}}：已批准；开始前的重新检查在等待云平台应答（自 {{2}} 起）{{3}}',
  '⏳ Approved by {{0}} at {{1}}. The re-check before the start got no answer from the cloud at {{2}}; Ferry starts the move once the cloud answers and every check still passes.':
    '⏳ {{0}} 于 {{1}} 批准。开始前的重新检查在 {{2}} 没有得到云平台的应答；云平台应答且各项检查仍通过后，Ferry 就启动迁移。',
  '▶️ The cloud answers again (the re-check got no answer from {{0}}): every check passes, so the approved move starts now.':
    '▶️ 云平台又有应答了（重新检查自 {{0}} 起没有得到应答）：所有检查都通过，已批准的迁移现在开始。',
  '⚠️ The re-check before the start got no answer: {{0}} Nothing was started. The approval stands: Ferry re-checks every few seconds and starts the move once the cloud answers and every check still passes.':
    '⚠️ 开始前的重新检查没有得到应答：{{0}}没有开始任何操作。批准仍然有效：Ferry 每隔几秒重新检查一次，一旦云平台应答且所有检查仍然通过，就开始迁移。',
  'The cloud answers again (the check of the plan got no answer from {{0}}), but the plan changed, so nothing is started: the new plan needs its own approval.':
    '云平台又有应答了（计划检查自 {{0}} 起没有得到应答），但计划已经变了，所以不会开始：新计划需要重新批准。',
  '{{0}} {{1}}: approved; the check that its plan still holds waits for the cloud to answer (since {{2}}){{3}}':
    '{{0}} {{1}}：已批准；确认其计划仍然成立的检查在等待云平台应答（自 {{2}} 起）{{3}}',
  '⏳ Approved by {{0}} at {{1}}. The check that the plan still holds got no answer from the cloud at {{2}}; Ferry starts the evacuation once the cloud answers and the plan still holds.':
    '⏳ {{0}} 于 {{1}} 批准。确认计划仍然成立的检查在 {{2}} 没有得到云平台的应答；云平台应答且计划仍然成立后，Ferry 就开始疏散。',
  '▶️ The cloud answers again (the check of the plan got no answer from {{0}}): the plan still holds, so the approved evacuation starts now.':
    '▶️ 云平台又有应答了（计划检查自 {{0}} 起没有得到应答）：计划仍然成立，已批准的疏散现在开始。',
  '⚠️ The check that the plan still holds got no answer: {{0}} Nothing was started and no host was disabled. The approval stands: Ferry checks again every few seconds and starts the evacuation once the cloud answers, if the plan still holds.':
    '⚠️ 确认计划仍然成立的检查没有得到应答：{{0}}没有开始任何操作，也没有禁用任何计算节点。批准仍然有效：Ferry 每隔几秒再检查一次，一旦云平台应答且计划仍然成立，就开始疏散。',
  'no answer to {{0}} tries over {{1}}': '{{1}}内尝试 {{0}} 次，均无应答',
  '{{0}}, the last of {{1}} tries over {{2}}': '{{0}}，是 {{2}}内 {{1}} 次尝试中的最后一次',
  '⏳ {{0}} has not answered the re-check before the start since {{1}} (no answer within {{2}} s); Ferry keeps trying. Nothing was started; the approval stands.':
    '⏳ {{0}} 自 {{1}} 起没有应答开始前的重新检查（{{2}} 秒内无应答）；Ferry 继续尝试。没有开始任何操作；批准仍然有效。',
  '⏳ {{0}} has not answered the check that the plan still holds since {{1}} (no answer within {{2}} s); Ferry keeps trying. Nothing was started and no host was disabled; the approval stands.':
    '⏳ {{0}} 自 {{1}} 起没有应答确认计划仍然成立的检查（{{2}} 秒内无应答）；Ferry 继续尝试。没有开始任何操作，也没有禁用任何计算节点；批准仍然有效。',
  'Nova not answering since {{0}}': '自 {{0}} 起 Nova 无应答',
  'Nova not available since {{0}} (it answers {{1}})': '自 {{0}} 起 Nova 不可用（应答 {{1}}）',
  "Nova failing Ferry's reads since {{0}} (it answers {{1}})":
    '自 {{0}} 起 Nova 对 Ferry 的读取请求返回错误（应答 {{1}}）',
  '({{0}} tries)': '（共尝试 {{0}} 次）',
  'Could not reach Nova before asking it to move {{0}} ({{1}}); nothing was sent. Ask again once Nova answers. ({{2}} tries)':
    '在请求迁移 {{0}} 之前无法连接 Nova（{{1}}）；没有发送任何请求。待 Nova 恢复应答后请重新申请。（共尝试 {{2}} 次）',
  'Nova did not answer, but its records show the migration started': 'Nova 没有应答，但其记录显示迁移已开始',
  'Nova did not answer, but its records show the migration started ({{0}} tries)':
    'Nova 没有应答，但其记录显示迁移已开始（共尝试 {{0}} 次）',
  'Nova did not answer, but its records show the migration started: request {{0}}':
    'Nova 没有应答，但其记录显示迁移已开始：请求 {{0}}',
  'Nova did not answer, but its records show the migration started: request {{0}} ({{1}} tries)':
    'Nova 没有应答，但其记录显示迁移已开始：请求 {{0}}（共尝试 {{1}} 次）',
  'Nova refused to start ({{0}}): {{1}}{{2}}. ({{3}} tries)':
    'Nova 拒绝启动（{{0}}）：“{{1}}”{{2}}。（共尝试 {{3}} 次）',
  'Nova refused to start: {{0}} (409: the server changed since the checks; look at it and ask again). ({{1}} tries)':
    'Nova 拒绝启动：“{{0}}”（409：检查之后云主机发生了变化；请查看后重新申请）。（共尝试 {{1}} 次）',
  "Nova refused: {{0}} (Ferry's credentials need the admin role). ({{1}} tries)":
    'Nova 拒绝：“{{0}}”（Ferry 的凭据需要 admin 角色）。（共尝试 {{1}} 次）',
  'Nova request {{0}} ({{1}} tries)': 'Nova 请求 {{0}}（共尝试 {{1}} 次）',
  "Nova's records show the migration started": 'Nova 的记录显示迁移已开始',
  "Nova's records show the migration started: request {{0}}": 'Nova 的记录显示迁移已开始：请求 {{0}}',
  "Nova: {{0}}, behind Ferry's move of {{1}} from {{2}}: nova-compute runs max_concurrent_live_migrations at a time per host":
    'Nova：{{0}}，排在 Ferry 从 {{2}} 迁出 {{1}} 的迁移之后：nova-compute 在每个节点上同时只运行 max_concurrent_live_migrations 个',
  "Nova: {{0}}, behind Ferry's moves of {{1}} from {{2}}: nova-compute runs max_concurrent_live_migrations at a time per host":
    'Nova：{{0}}，排在 Ferry 从 {{2}} 迁出 {{1}} 的迁移之后：nova-compute 在每个节点上同时只运行 max_concurrent_live_migrations 个',
  '{{0}} now runs on {{1}} after force-complete (Nova switched it to post-copy); it is {{2}}.':
    '{{0}} 现在在 {{1}} 上运行（经强制完成：Nova 已切换为 post-copy）；状态为 {{2}}。',
  '{{0}} now runs on {{1}}; it is {{2}}.': '{{0}} 现在在 {{1}} 上运行；状态为 {{2}}。',
  '{{0}} is now on {{1}}; it is {{2}}.': '{{0}} 现在位于 {{1}}；状态为 {{2}}。',
  'Drain {{0}} has ended: nothing waits for this answer any more.': '排空 {{0}} 已结束：这个答复已无人等待。',
  'Drain {{0}} has ended; {{1}} is {{2}}: nothing waits for this answer any more.':
    '排空 {{0}} 已结束；{{1}} 处于 {{2}}：这个答复已无人等待。',
  'Drain {{0}} is stopping: nothing waits for this answer any more.':
    '排空 {{0}} 正在停止：这个答复已无人等待。',
  'Drain {{0}} is stopping; {{1}} is {{2}}: nothing waits for this answer any more.':
    '排空 {{0}} 正在停止；{{1}} 处于 {{2}}：这个答复已无人等待。',
  'it was disabled': '它被禁用了',
  'it was disabled with the reason "{{0}}"': '它被禁用了，原因为“{{0}}”',
  locked: '已锁定',
  'locked ("{{0}}")': '已锁定（“{{0}}”）',
  'the hosts that could take it have no room: {{0}}': '能接收它的节点都没有空间：{{0}}',
  'the hosts that could take it have no room: {{0}}; and 1 more host':
    '能接收它的节点都没有空间：{{0}}；以及另外 1 个节点',
  'the hosts that could take it have no room: {{0}}; and {{1}} more hosts':
    '能接收它的节点都没有空间：{{0}}；以及另外 {{1}} 个节点',
  'the hosts with room rule it out: {{0}}': '有空间的节点都不适合它：{{0}}',
  '{{0}} ({{1}}): {{2}}': '{{0}}（{{1}}）：{{2}}',
  '{{0}} ({{1}}): {{2}}; it could move cold (a restart) if you choose':
    '{{0}}（{{1}}）：{{2}}；如果你同意，它可以冷迁移（会重启）',
  '{{0}} cannot be skipped in drain {{1}} (it is {{2}}).': '在排空 {{1}} 中不能跳过 {{0}}（它处于 {{2}}）。',
  '{{0}} cannot be skipped in drain {{1}}.': '在排空 {{1}} 中不能跳过 {{0}}。',
  "Ferry's cloud credentials lack admin rights: Nova lets only admins list hypervisors and migrate to a named host (Nova said: {{0}}).":
    'Ferry 的云凭据缺少管理员权限：Nova 只允许管理员列出 hypervisor 并迁移到指定节点（Nova 返回：{{0}}）。',
  "Ferry's cloud credentials lack admin rights: Nova lets only admins list hypervisors and migrate to a named host.":
    'Ferry 的云凭据缺少管理员权限：Nova 只允许管理员列出 hypervisor 并迁移到指定节点。',
  'No host can take {{0}} ({{1}}). There is no other compute host.':
    '没有节点能容纳 {{0}}（{{1}}）。没有其他计算节点。',
  '{{0}} MB, {{1}} vCPUs (boots from volume: no disk)': '{{0}} MB，{{1}} 个 vCPU（从卷启动：无本地磁盘）',
  '{{0}} MB, {{1}} vCPUs, {{2}} GB disk': '{{0}} MB，{{1}} 个 vCPU，{{2}} GB 磁盘',
  '{{0}} is disabled ("{{1}}").': '{{0}} 已禁用（“{{1}}”）。',
  '{{0}} is disabled.': '{{0}} 已禁用。',
  '{{0}} is down.': '{{0}} 已宕机。',
  '{{0}} is locked: "{{1}}"; Nova refuses to move a locked server.':
    '{{0}} 已被锁定：“{{1}}”；Nova 拒绝迁移被锁定的云主机。',
  '{{0}} is locked; Nova refuses to move a locked server.': '{{0}} 已被锁定；Nova 拒绝迁移被锁定的云主机。',
  '{{0}} is not a compute host of this cloud (no hypervisor).':
    '{{0}} 不是这个云的计算节点（无 hypervisor）。',
  '{{0}} is not a compute host of this cloud (no nova-compute service).':
    '{{0}} 不是这个云的计算节点（无 nova-compute 服务）。',
  '{{0}} is {{1}} but not running; live migration needs a running (or paused) server.':
    '{{0}} 处于 {{1}} 状态，但未在运行；热迁移需要正在运行（或已暂停）的云主机。',
  '{{0}} is {{1}}; a cold migration moves it while it stays off.':
    '{{0}} 处于 {{1}} 状态；冷迁移在关机状态下迁移。',
  '{{0}} is {{1}}; a cold migration stops it, moves it and starts it again.':
    '{{0}} 处于 {{1}} 状态；冷迁移会先停止、迁移，再重新启动。',
  '{{0}} is {{1}}; live migration needs a running (or paused) server.':
    '{{0}} 处于 {{1}} 状态；热迁移需要正在运行（或已暂停）的云主机。',
  '{{0}} of anti-affinity group "{{1}}" already runs on {{2}}. Nova would refuse the move.':
    '反亲和组“{{1}}”的 {{0}} 已在 {{2}} 上运行。Nova 会拒绝这次迁移。',
  '{{0}} of soft-anti-affinity group "{{1}}" already runs on {{2}}. Nova allows it but the group loses its spread.':
    '软反亲和组“{{1}}”的 {{0}} 已在 {{2}} 上运行。Nova 允许，但该组将不再分散。',
  '{{0}} ➜ {{1}}': '{{0}} ➜ {{1}}',
  '{{0}} cannot: {{1}}': '{{0}} 台不能迁移：{{1}}',
  '{{0}} stay as the plan skipped them: {{1}}': '{{0}} 台按计划跳过，留在原处：{{1}}',
  '   ⏸️ {{0}} on {{1}} will be stopped: {{2}}': '   ⏸️ {{0}}（在 {{1}} 上）将被关机：{{2}}',
  'Cannot move live, stay unless you choose cold: {{0}}.':
    '无法热迁移，除非你选择冷迁移，否则留在原处：{{0}}。',
  'Cannot move: {{0}}.': '无法迁移：{{0}}。',
  'Leave it where it is.': '把它留在原处。',
  'Move it cold with --cold (it is stopped and restarts on the new host), or leave it where it is.':
    '用 --cold 冷迁移（云主机会关机并在新节点上重启），或把它留在原处。',
  'Nova 20 "Train" (compute API 2.79)': 'Nova 20“Train”（计算 API 2.79）',
  'Nova 29 "2024.1 Caracal" (compute API 2.96)': 'Nova 29“2024.1 Caracal”（计算 API 2.96）',
  'Nova 33 "2026.1 Gazpacho" (compute API 2.103)': 'Nova 33“2026.1 Gazpacho”（计算 API 2.103）',
  'PCI device by flavor alias {{0}}: Nova refuses a live migration unless the alias is marked live_migratable (nova.conf, Nova 31 "2025.1 Epoxy"), which the API does not show':
    '按规格别名 {{0}} 直通的 PCI 设备：除非该别名标记为 live_migratable（nova.conf，Nova 31“2025.1 Epoxy”），否则 Nova 拒绝热迁移，而 API 不显示这一标记',
  'Ports unknown: Neutron did not answer, so SR-IOV ports could not be checked.':
    '端口未知：Neutron 没有应答，因此无法检查 SR-IOV 端口。',
  "Ports unknown: the cloud's catalog lists no network service, so SR-IOV ports could not be checked.":
    '端口未知：云的服务目录中没有网络服务，因此无法检查 SR-IOV 端口。',
  'Raise --max-copy to {{0}} GB or more to let Ferry copy its disk, or leave it where it is.':
    '把 --max-copy 提高到 {{0}} GB 或以上，让 Ferry 复制它的磁盘，或把它留在原处。',
  'SR-IOV port {{0}} (direct): Nova detaches it before a live migration and re-attaches it after, so the guest loses network meanwhile unless it bonds it with another port ({{1}})':
    'SR-IOV 端口 {{0}}（direct）：Nova 在热迁移前卸载它、迁移后重新挂载，因此期间云主机会断网，除非它与另一个端口做了绑定（{{1}}）',
  'SR-IOV port {{0}} (macvtap): moves with the server ({{1}})':
    'SR-IOV 端口 {{0}}（macvtap）：随云主机一起迁移（{{1}}）',
  'What the move will do': '迁移会带来什么影响',
  'What the moves will do: {{0}}.': '迁移会带来的影响：{{0}}。',
  'Will be stopped: {{0}}.': '将被关机：{{0}}。',
  'cannot move at all': '完全无法迁移',
  'cannot move live: only a cold move, which stops it, can move it': '无法热迁移：只能冷迁移（会关机）',
  'guest NUMA topology (hw:numa_nodes={{0}}): NUMA-aware live migration {{1}}':
    '云主机 NUMA 拓扑（hw:numa_nodes={{0}}）：NUMA 感知的热迁移{{1}}',
  'huge pages (hw:mem_page_size={{0}}): NUMA-aware live migration {{1}}':
    '大页内存（hw:mem_page_size={{0}}）：NUMA 感知的热迁移{{1}}',
  "its flavor's extra specs are unknown: Nova's answer did not carry them":
    '其规格的额外属性未知：Nova 的应答中没有携带',
  'its ports are unknown: Neutron did not answer': '其端口未知：Neutron 没有应答',
  "its ports are unknown: the cloud's catalog lists no network service":
    '其端口未知：云的服务目录中没有网络服务',
  'moves live only on new enough hosts': '仅在版本足够新的节点上可热迁移',
  'moves live, brief network loss': '热迁移，短暂断网',
  "needs {{0}} on every compute host; this cloud's API speaks {{1}}":
    '需要每个计算节点都是 {{0}}；此云的 API 支持到 {{1}}',
  'needs {{0}}; this cloud speaks only {{1}}': '需要 {{0}}；此云只支持到 {{1}}',
  "needs {{0}}; this cloud's release is not known": '需要 {{0}}；此云的版本未知',
  'pinned CPUs (hw:cpu_policy={{0}}): NUMA-aware live migration {{1}}':
    '绑定 CPU（hw:cpu_policy={{0}}）：NUMA 感知的热迁移{{1}}',
  'port {{0}} has vnic type {{1}}, for which Ferry knows no rule: Nova may refuse a live move':
    '端口 {{0}} 的 vnic 类型为 {{1}}，Ferry 不知道它的规则：Nova 可能拒绝热迁移',
  'port {{0}} passes a whole physical NIC (direct-physical) to the guest: it cannot move live':
    '端口 {{0}} 把整块物理网卡（direct-physical）直通给云主机：无法热迁移',
  'the most local disk (GB) the move may copy; a server with more is refused, and its check says so':
    '此次迁移最多可复制的本地磁盘（GB）；超过的云主机会被拒绝，并在检查中说明',
  'the most local disk (GB) one move may copy; a server with more stays and is named in the plan':
    '一次迁移最多可复制的本地磁盘（GB）；超过的云主机留在原处，并在计划中列出',
  'vGPU (resources:VGPU={{0}}): live only with QEMU 8.1 and libvirt 8.6 on both hosts ({{1}}){{2}}':
    'vGPU（resources:VGPU={{0}}）：仅当两端节点都有 QEMU 8.1 和 libvirt 8.6 时可热迁移（{{1}}）{{2}}',
  'virtual TPM (secret mode {{0}}): Nova moves it live only in host secret mode (hw:tpm_secret_security=host, Nova 33 "2026.1 Gazpacho"); it can move cold':
    '虚拟 TPM（密钥模式 {{0}}）：Nova 仅在 host 密钥模式下热迁移它（hw:tpm_secret_security=host，Nova 33“2026.1 Gazpacho”）；可以冷迁移',
  'virtual TPM in host secret mode: live migration {{0}}': 'host 密钥模式的虚拟 TPM：热迁移{{0}}',
  '{{0}} GB of local disk to copy, more than --max-copy {{1}} GB':
    '需复制 {{0}} GB 本地磁盘，超过 --max-copy 的 {{1}} GB',
  '{{0}} and {{1}} more': '{{0}}，另有 {{1}} 个',
  '{{0}} and {{1}}': '{{0}} 和 {{1}}',
  '{{0}} more': '另外 {{0}}',
  '{{0}} brief network loss': '{{0}} 台短暂断网',
  '{{0}} has QEMU {{1}}': '{{0}} 的 QEMU 为 {{1}}',
  '{{0}} live only on new enough hosts': '{{0}} 台仅在版本足够新的节点上可热迁移',
  '{{0}} move live, keep running': '{{0}} 台热迁移，保持运行',
  '{{0}} will be stopped and moved cold': '{{0}} 台将被关机并冷迁移',
  '{{0}} shut off already, moved cold and stay off': '{{0}} 台已关机，冷迁移后保持关机',
  '{{0}} cannot move live (they stay unless you choose cold)':
    '{{0}} 台无法热迁移（除非选择冷迁移，否则留在原处）',
  '{{0}} skipped by an edit of the plan': '{{0}} 台已按计划修改跳过',
  '{{0}} will be stopped and moved cold.': '{{0}} 将关机并冷迁移。',
  '{{0}} is shut off already: it is moved cold and stays off.': '{{0}} 已关机：冷迁移后保持关机。',
  '{{0}} is shut off already: it is moved cold and stays off — {{1}}':
    '{{0}} 已关机：冷迁移后保持关机——{{1}}',
  '{{0}} will be stopped and moved cold — {{1}}': '{{0}} 将关机并冷迁移——{{1}}',
  '{{0}} — {{1}}': '{{0}}——{{1}}',
  '{{0}}; {{1}}': '{{0}}；{{1}}',
  'Server groups': '云主机组',
  'in soft-affinity group "{{0}}": its members move together or not at all, and {{1}} cannot move':
    '属于软亲和组“{{0}}”：其成员要么一起迁移，要么都不迁移，而 {{1}} 无法迁移',
  '{{0}} of anti-affinity group "{{1}}" left it {{2}} s ago: Nova\'s scheduler counts it there for up to 2 minutes':
    '反亲和组“{{1}}”的 {{0}} 在 {{2}} 秒前离开那里：Nova 调度器在最多 2 分钟内仍把它算在那里',
  '{{0}}: {{1}} members on {{2}} cannot move together: none is moved':
    '{{0}}：{{2}} 上的 {{1}} 个成员无法一起迁移：一个也不迁移',
  '{{0}}: {{1}} members on {{2}} move together to {{3}}, in one wave':
    '{{0}}：{{2}} 上的 {{1}} 个成员一起迁移到 {{3}}，同一批次',
  '{{0}}: {{1}} members on {{2}} stay there (affinity: Nova moves none of them away from the others)':
    '{{0}}：{{2}} 上的 {{1}} 个成员留在原处（亲和：Nova 不会把其中任何一个从其他成员身边移走）',
  '{{0}}: {{1}} members on {{2}}, at most {{3}} moved at a time':
    '{{0}}：{{2}} 上有 {{1}} 个成员，每次最多迁移 {{3}} 个',
  '{{0}}: {{1}} members on {{2}}, at most {{3}} moved at a time (FERRY_GROUP_BUDGETS)':
    '{{0}}：{{2}} 上有 {{1}} 个成员，每次最多迁移 {{3}} 个（FERRY_GROUP_BUDGETS）',
  '{{0}}: {{1}} members on {{2}}, moved one at a time': '{{0}}：{{2}} 上有 {{1}} 个成员，每次迁移一个',
  '{{0}}: {{1}} members on {{2}}, moved one at a time (FERRY_GROUP_BUDGETS)':
    '{{0}}：{{2}} 上有 {{1}} 个成员，每次迁移一个（FERRY_GROUP_BUDGETS）',
  'step {{0}}: {{1}} has {{2}} members on {{3}}, at most {{4}} moved at a time across these hosts':
    '第 {{0}} 步：{{1}} 在 {{3}} 上有 {{2}} 个成员，这些节点之间每次最多迁移 {{4}} 个',
  'step {{0}}: {{1}} has {{2}} members on {{3}}, moved one at a time across these hosts':
    '第 {{0}} 步：{{1}} 在 {{3}} 上有 {{2}} 个成员，这些节点之间每次迁移一个',
  '{{0}} of anti-affinity group "{{1}}" went to {{2}} meanwhile: Nova\'s scheduler chooses its destination':
    '反亲和组“{{1}}”的 {{0}} 在此期间去了 {{2}}：由 Nova 调度器选择它的目的物理主机',
  "its image's properties are unknown: Glance did not answer": '其镜像的属性未知：Glance 没有应答',
  "its image's properties are unknown: the cloud's catalog lists no image service":
    '其镜像的属性未知：云的服务目录中没有镜像服务',
  "{{0}} (set by its image's properties)": '{{0}}（由其镜像的属性设定）',
  // CPU compatibility (#28 part 2)
  '*CPU*': '*CPU*',
  "By Placement's HW_CPU_* traits (a weaker proof than virsh), the hosts form {{0}} CPU-compatible sets: {{1}}. A server moves live only where its CPU can run.":
    '按 Placement 的 HW_CPU_* 特征（证据弱于 virsh），这些节点分为 {{0}} 个 CPU 兼容组：{{1}}。云主机只会热迁移到能运行其 CPU 的节点。',
  'CPU compatibility': 'CPU 兼容性',
  'CPU differs: {{0}} adds {{1}} (cpu_mode host-passthrough needs identical CPUs)':
    'CPU 不同：{{0}} 多出 {{1}}（cpu_mode host-passthrough 要求 CPU 完全相同）',
  'CPU differs: {{0}} lacks {{1}} (cpu_mode host-passthrough needs identical CPUs)':
    'CPU 不同：{{0}} 缺少 {{1}}（cpu_mode host-passthrough 要求 CPU 完全相同）',
  'CPU differs: {{0}} lacks {{1}} and adds {{2}} (cpu_mode host-passthrough needs identical CPUs)':
    'CPU 不同：{{0}} 缺少 {{1}}，并多出 {{2}}（cpu_mode host-passthrough 要求 CPU 完全相同）',
  'CPU differs: {{0}} on {{1}}, {{2}} on {{3}} (cpu_mode host-passthrough needs identical CPUs)':
    'CPU 不同：{{1}} 上是 {{0}}，{{3}} 上是 {{2}}（cpu_mode host-passthrough 要求 CPU 完全相同）',
  "Guests of {{0}} use QEMU's default CPU model (cpu_mode none), which {{1}} runs too.":
    '{{0}} 上的虚拟机使用 QEMU 的默认 CPU 型号（cpu_mode none），{{1}} 同样可以运行。',
  "No host in service can run its CPU live: use --cold (a cold migration boots it with the destination's CPU).":
    '没有在用的节点能热迁移运行它的 CPU：请使用 --cold（冷迁移会以目的物理主机的 CPU 重新启动它）。',
  "Pick a host whose CPU can run it: {{0}}; or use --cold (a cold migration boots it with the destination's CPU).":
    '请选择 CPU 能运行它的节点：{{0}}；或使用 --cold（冷迁移会以目的物理主机的 CPU 重新启动它）。',
  "QEMU's default model (virt_type {{0}})": 'QEMU 默认型号（virt_type {{0}}）',
  'The hosts form {{0}} CPU-compatible sets: {{1}}. A server moves live only where its CPU can run.':
    '这些节点分为 {{0}} 个 CPU 兼容组：{{1}}。云主机只会热迁移到能运行其 CPU 的节点。',
  'cpu_mode {{0}}': 'cpu_mode {{0}}',
  "cpu_mode {{0}} (Nova's default)": 'cpu_mode {{0}}（Nova 默认值）',
  'cpu_models {{0}}': 'cpu_models {{0}}',
  'extra flags {{0}}': '额外标志 {{0}}',
  'host CPU {{0}} ({{1}}), {{2}} listed features': '节点 CPU {{0}}（{{1}}），列出 {{2}} 项特性',
  'host CPU {{0}}, {{1}} listed features': '节点 CPU {{0}}，列出 {{1}} 项特性',
  'host-model not offered by libvirt here': '此处 libvirt 不提供 host-model',
  'pick a host of its CPU set (/hostcheck shows the sets)':
    '选择其 CPU 兼容组内的节点（/hostcheck 会列出各组）',
  "the host's own CPU": '节点自身的 CPU',
  "use --cold (a cold migration boots it with the destination's CPU), or pick a host of its CPU set (/hostcheck shows the sets)":
    '使用 --cold（冷迁移会以目的物理主机的 CPU 重新启动它），或选择其 CPU 兼容组内的节点（/hostcheck 会列出各组）',
  'virsh capabilities could not be read': '无法读取 virsh capabilities',
  'virt_type {{0}} on {{1}}, {{2}} on {{3}} (cpu_mode none needs the same)':
    '{{1}} 上 virt_type 为 {{0}}，{{3}} 上为 {{2}}（cpu_mode none 要求相同）',
  '{{0}} + {{1}} features': '{{0}} + {{1}} 项特性',
  '{{0}} cannot run CPU model {{1}} that guests of {{2}} have (cpu_mode {{3}}): it lacks {{4}}':
    '{{0}} 无法运行 {{2}} 上虚拟机所用的 CPU 型号 {{1}}（cpu_mode {{3}}）：缺少 {{4}}',
  '{{0}} cannot run CPU model {{1}} that guests of {{2}} have (cpu_mode {{3}}; {{4}} offers {{5}})':
    '{{0}} 无法运行 {{2}} 上虚拟机所用的 CPU 型号 {{1}}（cpu_mode {{3}}；{{4}} 提供的是 {{5}}）',
  "{{0}} has every HW_CPU_* trait of {{1}} (Placement's traits: a weaker proof than virsh, which /hostcheck reads where SSH is set up).":
    '{{0}} 具备 {{1}} 的全部 HW_CPU_* 特征（Placement 的特征证据弱于 virsh；配置了 SSH 时 /hostcheck 会读取 virsh）。',
  "{{0}} lacks the CPU traits {{1}} of {{2}} (Placement's HW_CPU_* traits: a weaker proof than virsh)":
    '{{0}} 缺少 {{2}} 的 CPU 特征 {{1}}（Placement 的 HW_CPU_* 特征：证据弱于 virsh）',
  '{{0}} offers the CPU guests of {{1}} have (cpu_mode {{2}}).':
    '{{0}} 能提供 {{1}} 上虚拟机所用的 CPU（cpu_mode {{2}}）。',
  '{{0}} → {{1}}': '{{0}} → {{1}}',
  "{{0}}'s CPU lacks {{1}} that guests of {{2}} have (cpu_mode {{3}})":
    '{{0}} 的 CPU 缺少 {{2}} 上虚拟机具有的 {{1}}（cpu_mode {{3}}）',
  '⚠️ Not one CPU-compatible set: {{0}}': '⚠️ 不属于同一个 CPU 兼容组：{{0}}',
  '✅ One CPU-compatible set: a server moves live between them by its CPU':
    '✅ 同一个 CPU 兼容组：按 CPU 看，云主机可在它们之间热迁移',
  '   ⏭️ {{0}} on {{1}}: {{2}}, it stays': '   ⏭️ {{0}}（在 {{1}} 上）：{{2}}，留在原处',
  '*Edits before approval* (the approval covers the plan as edited):\n{{0}}':
    '*审批前的修改*（审批针对修改后的计划）：\n{{0}}',
  'As planned': '按计划',
  'Cannot use a name after {{0}}: {{1}}.': '{{0}} 后面不能使用该名称：{{1}}。',
  Close: '关闭',
  'Edit plan': '修改计划',
  'Evacuation {{0}} of {{1}}: servers {{2}}–{{3}} of {{4}} (page {{5}} of {{6}}). Saving plans again with your edits; on-call then approves the plan as edited.':
    '{{1}} 的疏散 {{0}}：第 {{2}}–{{3}} 台云主机，共 {{4}} 台（第 {{5}} 页，共 {{6}} 页）。保存后按你的修改重新规划；之后由值班人员审批修改后的计划。',
  'Exclude whole projects (their servers stay)': '排除整个项目（其云主机留在原处）',
  "Ferry's choice": '由 Ferry 选择',
  'Move cold (it is stopped)': '冷迁移（会被关机）',
  'Move cold (shut off already: it stays off)': '冷迁移（已关机：保持关机）',
  'No server "{{0}}" in this plan.': '此计划中没有云主机“{{0}}”。',
  'No server "{{0}}" in this plan. Did you mean {{1}}?': '此计划中没有云主机“{{0}}”。你是指 {{1}} 吗？',
  'No server of project "{{0}}" in this plan.': '此计划中没有项目“{{0}}”的云主机。',
  'No server of project "{{0}}" in this plan. Did you mean {{1}}?':
    '此计划中没有项目“{{0}}”的云主机。你是指 {{1}} 吗？',
  'Only the first {{0}} hosts can be chosen here.': '这里只能选择前 {{0}} 个计算节点。',
  'Only the requester (<@{{0}}>) may edit the plan, before it is approved.':
    '只有申请人（<@{{0}}>）可以在审批前修改计划。',
  'Pin {{0}} to a host (optional)': '将 {{0}} 固定到某个计算节点（可选）',
  Save: '保存',
  'Save, next page': '保存并到下一页',
  'Skip: it stays where it is': '跳过：留在原处',
  'The plan of {{0}} is not edited any more: it is {{1}}.': '{{0}} 的计划不能再修改：它已{{1}}。',
  'The servers on the host changed since {{0}} was planned: ask for it again rather than edit it.':
    '自 {{0}} 规划以来，该计算节点上的云主机已变化：请重新申请，而不是修改它。',
  'There is no plan {{0}} to edit.': '没有可修改的计划 {{0}}。',
  'leave every server of these projects on its host (names or IDs, comma-separated), as --skip':
    '这些项目的所有云主机都留在各自的计算节点上（名称或 ID，用逗号分隔），同 --skip',
  'leave every server of these projects where it is (names or IDs, comma-separated)':
    '这些项目的所有云主机都留在原处（名称或 ID，用逗号分隔）',
  'leave these servers on their hosts (names or IDs, comma-separated): a host keeping one is not declared empty, and the drain stops there for Continue or Skip host':
    '这些云主机留在各自的计算节点上（名称或 ID，用逗号分隔）：留有这类云主机的节点不会被视为已清空，排空会在该节点停下，等待“继续处理”或“跳过节点”',
  'leave these servers where they are (names or IDs, comma-separated); shown in the plan and the report':
    '这些云主机留在原处（名称或 ID，用逗号分隔）；会在计划和报告中列出',
  'now: stays': '当前：留在原处',
  'now: {{0}} → {{1}}': '当前：{{0}} → {{1}}',
  'only servers skipped in the plan stay on it ({{0}}), so it is not declared empty: move them and press Continue, or Skip host':
    '节点上只剩计划中被跳过的云主机（{{0}}），因此不会被视为已清空：迁走它们后按“继续处理”，或按“跳过节点”',
  'pinned to {{0}}, which cannot take it: {{1}}': '被固定到 {{0}}，但该节点无法接收：{{1}}',
  'pinned to {{0}}, which is not in service': '被固定到 {{0}}，但该节点不在服务中',
  'project {{0}} excluded: its servers stay where they are': '已排除项目 {{0}}：其云主机留在原处',
  'skipped by {{0}}': '由 {{0}} 跳过',
  'skipped by {{0}}: it stays where it is': '由 {{0}} 跳过：留在原处',
  'skipped with its project {{0}} by {{1}}': '随其项目 {{0}} 由 {{1}} 跳过',
  'skipped with its project {{0}} by {{1}}: it stays where it is': '随其项目 {{0}} 由 {{1}} 跳过：留在原处',
  stays: '留在原处',
  '{{0}} cannot be pinned to {{1}}: that host is not in service for this plan.':
    '{{0}} 不能固定到 {{1}}：该节点对此计划不在服务中。',
  '{{0}} cannot go to {{1}}: {{2}}.': '{{0}} 不能迁到 {{1}}：{{2}}。',
  '{{0}} cannot move at all, so it cannot be moved cold either: it stays where it is.':
    '{{0}} 完全无法迁移，因此也不能冷迁移：它留在原处。',
  "{{0}} is planned by Ferry (a move back or a drain's step): its plan is not edited.":
    '{{0}} 由 Ferry 规划（迁回或排空中的一步）：其计划不能修改。',
  '{{0}} moved cold: it is stopped, moved and started again': '{{0}} 改为冷迁移：先关机，迁移后再启动',
  '{{0}} moved cold: it is shut off already, is moved and stays off':
    '{{0}} 改为冷迁移：已关机，迁移后保持关机',
  '{{0}} pinned to {{1}}': '{{0}} 固定到 {{1}}',
  '{{0}} skipped': '{{0}} 台被跳过',
  'Every other server that can move has room.': '其余可迁移的云主机都有空间。',
  'nova-compute on {{0}} is down: a live or cold migration needs it running':
    '{{0}} 上的 nova-compute 宕机：热迁移或冷迁移都需要它运行',
  '{{0}} cannot move while nova-compute is down': '{{0}} 台在 nova-compute 宕机期间无法迁移',
  '❌ nova-compute down on {{0}}': '❌ {{0}} 上的 nova-compute 宕机',
  '{{0}} with nowhere to go': '{{0}} 台无处可迁',
  '{{0}} skipped: it stays where it is': '{{0}} 被跳过：留在原处',
  '{{0}} takes from 1 to {{1}} names or IDs separated by commas.':
    '{{0}} 接受 1 到 {{1}} 个名称或 ID，用逗号分隔。',
  '{{0}} takes names or IDs separated by commas, such as {{1}} web-1,web-2.':
    '{{0}} 接受用逗号分隔的名称或 ID，例如 {{1}} web-1,web-2。',
  '✏️ {{0}} — <@{{1}}>': '✏️ {{0}} — <@{{1}}>',
  ', several with commas': '，多个用逗号分隔',
  '{{0}} — {{1}} (now: {{2}}; empty keeps it, - clears it{{3}})':
    '{{0}} — {{1}}（当前：{{2}}；留空保持不变，- 清除{{3}}）',
  'Plan edited': '计划已修改',
  '✏️ <@{{0}}> edited the plan: approving now approves the plan as edited.':
    '✏️ <@{{0}}> 修改了计划：现在审批的是修改后的计划。',
  "A drain places each step's servers again when its turn comes, so here a server is skipped or its project excluded, never forced cold or pinned to a host. A host that keeps a skipped server is not declared empty: the drain stops there for Continue or Skip host.":
    '排空会在每一步轮到时重新放置该步的云主机，因此这里只能跳过云主机或排除其项目，不能强制冷迁移或固定到某个计算节点。留有被跳过云主机的节点不会被视为已清空：排空会在该节点停下，等待“继续处理”或“跳过节点”。',
  'Drain {{0}}': '排空 {{0}}',
  'Servers {{0}}–{{1}} of {{2}}, on {{3}} (page {{4}} of {{5}}). Saving plans the drain again with your edits; on-call then approves the plan as edited.':
    '第 {{0}}–{{1}} 台云主机，共 {{2}} 台，在 {{3}} 上（第 {{4}} 页，共 {{5}} 页）。保存后按你的修改重新规划排空；之后由值班人员审批修改后的计划。',
  'now: moves {{0}}': '当前：{{0}}',
  '{{0}} ({{1}}) on {{2}} — {{3}}': '{{0}}（{{1}}，在 {{2}} 上）— {{3}}',
  "⏳ Reading the drain's plan as it stands now…": '⏳ 正在读取排空计划的当前状态…',
  '❌ Ferry could not read the plan: it sent you why.': '❌ Ferry 无法读取计划：已把原因发给你。',
  "Blackout not measured: Nova did not give the server's libvirt domain name.":
    '停顿时间未测量：Nova 未给出该云主机的 libvirt 域名。',
  'Blackout not measured: libvirt on {{0}} could not be read ({{1}}).':
    '停顿时间未测量：无法读取 {{0}} 上的 libvirt（{{1}}）。',
  'Blackout not measured: libvirt on {{0}} kept no completed job for it.':
    '停顿时间未测量：{{0}} 上的 libvirt 没有保留它已完成的作业。',
  'Blackout {{0}} (measured by libvirt on {{1}}).': '停顿 {{0}}（由 {{1}} 上的 libvirt 测得）。',
  'Blackout not known: {{0}}, and libvirt counts only the final switch-over.':
    '中断时长未知：{{0}}，而 libvirt 只计入最后的切换。',
  'blackout {{0}}': '停顿 {{0}}',
  '{{0}} ms': '{{0}} 毫秒',
  '→ {{0}} ({{1}}, {{2}}, {{3}})': '→ {{0}}（{{1}}，{{2}}，{{3}}）',
  '{{0}} s': '{{0}} 秒',
  'Ferry reverted it because a proof failed on the destination: it runs on its source again.':
    '因目的物理主机上有证明未通过，Ferry 已将其回退：它重新在源物理主机上运行。',
  'Ferry reverted it because a proof failed on {{0}}, where it waited for confirmation: it runs on its source again.':
    '因在 {{0}} 上等待确认时有证明未通过，Ferry 已将其回退：它重新在源物理主机上运行。',
  'What Ferry saw on {{0}} before the revert: {{1}}': '回退前 Ferry 在 {{0}} 上看到的：{{1}}',
  'What Ferry saw there before the revert: {{0}}': '回退前 Ferry 在那里看到的：{{0}}',
  'Moved, not proven': '已迁移，未获证明',
  'Not proven: {{0}}.': '未能证明：{{0}}。',
  'Nova shows it {{0}} on {{1}}': 'Nova 显示它在 {{1}} 上为{{0}}',
  'Nova shows it {{0}} on {{1}} (power state {{2}}), not running on {{3}}':
    'Nova 显示它在 {{1}} 上为{{0}}（电源状态 {{2}}），未在 {{3}} 上运行',
  'Nova: {{0}}. {{1}}': 'Nova：{{0}}。{{1}}',
  'Proven: {{0}}.': '已证明：{{0}}。',
  'after {{0}}, {{1}}': '等待 {{0}}后，{{1}}',
  'console alive': '控制台仍在输出',
  'console output unchanged for {{0}}': '控制台输出 {{0}}内没有变化',
  'console unreadable (Nova answered {{0}})': '无法读取控制台（Nova 返回 {{0}}）',
  'guest agent answers': '客户机代理有应答',
  'guest agent not asked (Nova shows no domain name)': '未询问客户机代理（Nova 未给出域名）',
  'guest agent not asked (SSH failed: {{0}})': '未询问客户机代理（SSH 失败：{{0}}）',
  'guest agent not asked (no SSH to the hosts configured)': '未询问客户机代理（未配置到节点的 SSH）',
  'ports not asked (turned off by FERRY_PROOFS_OFF)': '未检查端口（已由 FERRY_PROOFS_OFF 关闭）',
  'console not asked (turned off by FERRY_PROOFS_OFF)': '未检查控制台（已由 FERRY_PROOFS_OFF 关闭）',
  'guest agent not asked (turned off by FERRY_PROOFS_OFF)': '未询问客户机代理（已由 FERRY_PROOFS_OFF 关闭）',
  'probe not asked (turned off by FERRY_PROOFS_OFF)': '未进行探测（已由 FERRY_PROOFS_OFF 关闭）',
  ports: '端口',
  console: '控制台',
  'guest agent': '客户机代理',
  probe: '探测',
  '{{0}} not proven: turned off by FERRY_PROOFS_OFF': '{{0}}未获证明：已由 FERRY_PROOFS_OFF 关闭',
  'Moves marked ✅ — {{0}}.': '标为 ✅ 的迁移——{{0}}。',
  'Moves of this drain — {{0}}.': '本次排空的迁移——{{0}}。',
  '*If a live move stops converging* and the stall policy for its server is abort-then-cold (FERRY_STALL_POLICY), Ferry may abort it and migrate the server cold: it is stopped (--cold-fallback).':
    '*若某个热迁移无法收敛*且其云主机的停滞策略为 abort-then-cold（FERRY_STALL_POLICY），Ferry 可以中止它并改为冷迁移该云主机：云主机会被停止（--cold-fallback）。',
  'if a live move stops converging, the stall policy may abort it and migrate the server cold (it is stopped)':
    '若某个热迁移无法收敛，停滞策略可以中止它并冷迁移该云主机（云主机会被停止）',
  "(ICMP from Ferry's host)": '（从 Ferry 所在机器发 ICMP）',
  '(ICMP from {{0}})': '（从 {{0}} 发 ICMP）',
  'the addresses of {{0}} answer no probe (TCP or ICMP)': '{{0}} 的地址不回应任何探测（TCP 或 ICMP）',
  "(TCP {{0}} from Ferry's host)": '（从 Ferry 所在机器连 TCP {{0}}）',
  '(TCP {{0}} from {{1}})': '（从 {{1}} 连 TCP {{0}}）',
  'probe not made {{0}}: Nova shows no fixed IP address for the server':
    '未做探测{{0}}：Nova 未给出该云主机的固定 IP 地址',
  'probe not made {{0}}: SSH failed: {{1}}': '未做探测{{0}}：SSH 失败：{{1}}',
  'probe not made {{0}}: no SSH to the hosts configured': '未做探测{{0}}：未配置到节点的 SSH',
  'probe reached none of {{0}} {{1}} in {{2}}': '探测{{1}}在 {{2}}内未到达 {{0}} 中的任何一个',
  'probe reached {{0}} {{1}}': '探测{{1}}已到达 {{0}}',
  'guest agent on {{0}} does not answer: {{1}}': '{{0}} 上的客户机代理没有应答：{{1}}',
  'no console available': '没有可用的控制台',
  'no guest agent in the guest': '客户机中没有客户机代理',
  'no ports to prove': '没有需要证明的端口',
  'port bound': '端口已绑定',
  'port {{0}} bound to {{1}} ({{2}}), not to {{3}}': '端口 {{0}} 绑定在 {{1}}（{{2}}），而不是 {{3}}',
  'ports unknown (no network service)': '端口未知（没有网络服务）',
  'ports unreadable (Neutron answered {{0}})': '无法读取端口（Neutron 返回 {{0}}）',
  'the guest of {{0}} hangs after its next cold move: its console stops growing':
    '{{0}} 的客户机在下一次冷迁移后挂起：其控制台不再输出',
  'the ports of {{0}} stay bound to {{1}}, wherever it moves': '无论 {{0}} 迁到哪里，其端口都留在 {{1}} 上',
  'the server is stopped: its guest is not asked': '云主机已停止：不询问其客户机',
  'the server is paused: its guest is not asked': '云主机已暂停：不询问其客户机',
  'moved, not proven: {{0}}': '已迁移，未证实：{{0}}',
  '{{0}} ports bound': '{{0}} 个端口已绑定',
  '⚠️ Proof failed: {{0}}.': '⚠️ 证明失败：{{0}}。',
  '⚠️ not proven on {{0}}: {{1}} Ferry reverts the move: it goes back to {{2}}.':
    '⚠️ 在 {{0}} 上未获证明：{{1}}Ferry 回退此次迁移：它回到 {{2}}。',
  '⚠️ {{0}} moved in {{1}}, not proven: {{2}}': '⚠️ {{0}} 用时 {{1}} 完成迁移，但未获证明：{{2}}',
  '{{0}} {{1}}': '{{0}}{{1}}',
  '*If it stops converging* and the stall policy for it is abort-then-cold (FERRY_STALL_POLICY), Ferry may abort it and migrate it cold: the server is stopped (--cold-fallback).':
    '*若迁移无法收敛*且其停滞策略为 abort-then-cold（FERRY_STALL_POLICY），Ferry 可以中止它并改为冷迁移：云主机会被停止（--cold-fallback）。',
  '--cold-fallback is for a live move: --cold moves it cold already.':
    '--cold-fallback 只用于热迁移：--cold 本身就是冷迁移。',
  "Ferry never forces a server with {{0}} to complete (post-copy or a pause could lose the device's state)":
    'Ferry 从不对带有{{0}}的云主机强制完成（post-copy 或暂停可能丢失设备状态）',
  'Instead: {{0}}': '改为：{{0}}',
  'Leave it running': '让它继续运行',
  'No stall policy decision waits on this migration.': '此迁移没有等待执行的停滞策略决定。',
  'Not chosen: {{0}}.': '未采用：{{0}}。',
  "Nova did not show the flavor's extra specs, so Ferry cannot tell whether devices are passed through and forces nothing":
    'Nova 未显示规格的 extra specs，Ferry 无法判断是否有直通设备，因此不强制任何操作',
  'Only on-call people may choose otherwise, before the grace period ends: {{0}}.':
    '只有值班人员可以在宽限期结束前另作选择：{{0}}。',
  'Only on-call staff may choose what happens to a migration that does not converge: {{0}}.':
    '只有值班人员可以决定无法收敛的迁移如何处理：{{0}}。',
  'Policy: {{0}} ({{1}}), refused: {{2}}. Ferry does nothing itself: an on-call person decides.':
    '策略：{{0}}（{{1}}），已拒绝：{{2}}。Ferry 自己不做任何操作：由值班人员决定。',
  'Policy: {{0}} ({{1}}). Ferry does it in {{2}} unless on-call acts or chooses otherwise.':
    '策略：{{0}}（{{1}}）。除非值班人员先行操作或另作选择，Ferry 将在 {{2}}后执行。',
  'Policy: {{0}} ({{1}}): Ferry does nothing by itself.': '策略：{{0}}（{{1}}）：Ferry 不会自行操作。',
  'Stall policy, {{0}} stalled: {{1}}': '停滞策略，{{0}} 个迁移停滞：{{1}}',
  'aborted, a cold migration next': '已中止，接下来冷迁移',
  'aborted, no cold migration as it was not ACTIVE on its source':
    '已中止，因其不在源物理主机上处于 ACTIVE，未冷迁移',
  'aborted, the cold migration could not be started': '已中止，冷迁移未能启动',
  'aborted, the cold migration under way': '已中止，冷迁移进行中',
  'aborted, then moved cold but not proven': '已中止，随后已冷迁移但未获证明',
  'aborted, then the cold migration {{0}}': '已中止，随后冷迁移{{0}}',
  '{{0}} · Approved by {{1}} at {{2}}, with --cold-fallback: the stall policy chose the cold migration':
    '{{0}} · 由 {{1}} 于 {{2}} 批准，带 --cold-fallback：冷迁移由停滞策略选择',
  '{{0}}; a cold migration follows once it is ACTIVE on {{1}}':
    '{{0}}；待其在 {{1}} 上处于 ACTIVE 后进行冷迁移',
  '{{0}}; no cold migration: it was not ACTIVE on {{1}}': '{{0}}；未冷迁移：它不在 {{1}} 上处于 ACTIVE',
  '{{0}}; the cold migration could not be started (the thread says why)':
    '{{0}}；冷迁移未能启动（原因见消息串）',
  '{{0}}; the cold migration starts': '{{0}}；冷迁移正在启动',
  '{{0}}; then the cold migration: {{1}}': '{{0}}；随后冷迁移：{{1}}',
  '{{0}}; then the cold migration: {{1}}, as a proof failed on the destination: {{2}}':
    '{{0}}；随后冷迁移：{{1}}，因为目的物理主机上的证明未通过：{{2}}',
  '{{0}}; then the cold migration: 🚚 *{{1}}*': '{{0}}；随后冷迁移：🚚 *{{1}}*',
  '🛑 *Aborted* by the stall policy after {{0}}': '🛑 停滞策略在 {{0}}后*中止*了热迁移',
  'The stall policy can no longer be changed: it is {{0}}.': '停滞策略已无法更改：它{{0}}。',
  'Carried out when the grace period ended.': '宽限期结束时已执行。',
  'On-call acted first: the policy did nothing.': '值班人员先行操作：策略未执行任何操作。',
  'The grace period is over: Ferry asked Nova.': '宽限期已结束：Ferry 已向 Nova 发出请求。',
  'Tried when the grace period ended, and failed: Ferry does nothing more, an on-call person decides.':
    '宽限期结束时尝试执行但失败：Ferry 不再做任何操作，由值班人员决定。',
  'Too late: on-call aborted it or forced it to complete first. Nothing was changed.':
    '为时已晚：值班人员已先中止或强制完成了它。未做任何更改。',
  'Too late: the grace period is over, and the stall policy carries out {{0}} now. Nothing was changed.':
    '为时已晚：宽限期已结束，停滞策略正在执行“{{0}}”。未做任何更改。',
  'Too late: the stall policy carried out {{0}} when the grace period ended. Nothing was changed.':
    '为时已晚：宽限期结束时停滞策略已执行“{{0}}”。未做任何更改。',
  'Too late: the stall policy tried {{0}} when the grace period ended and failed (its thread says why); on-call decides with Abort or Force complete. Nothing was changed.':
    '为时已晚：宽限期结束时停滞策略尝试执行“{{0}}”但失败（原因见其消息串）；由值班人员用“中止”或“强制完成”决定。未做任何更改。',
  '{{0}} without progress, ': '已 {{0}}没有进展，',
  '⚠️ {{0}} is not converging: {{1}}the guest dirties memory as fast as it is copied. ':
    '⚠️ {{0}} 无法收敛：{{1}}虚拟机产生脏页的速度和复制一样快。',
  '⚠️ {{0}} stopped converging: the guest dirtied memory as fast as it was copied.':
    '⚠️ {{0}} 已停止收敛：虚拟机产生脏页的速度和复制一样快。',
  'a PCI device (VFIO)': 'PCI 设备（VFIO）',
  'a cold migration stops the server, and its request did not allow that (/migrate, /evacuate or /drain … --cold-fallback)':
    '冷迁移会停止云主机，而它的请求没有允许这一点（/migrate、/evacuate 或 /drain … --cold-fallback）',
  'a physical port': '物理端口',
  'a vGPU': 'vGPU',
  'Policy: {{0}} ({{1}}). {{2}}': '策略：{{0}}（{{1}}）。{{2}}',
  'Policy: {{0}}, chosen by {{1}} instead of {{2}}': '策略：{{0}}，由 {{1}} 选择以取代 {{2}}',
  '{{0}} is on {{1}} for now, {{2}}: the cold migration follows (Ferry stops it and migrates it cold, as its request allowed).':
    '{{0}} 目前在 {{1}} 上，状态为 {{2}}：随后进行冷迁移（按其请求的许可，Ferry 将停止它并冷迁移）。',
  '{{0}}. {{1}}': '{{0}}。{{1}}',
  '{{0}}; at {{1}}.': '{{0}}；于 {{1}} 执行。',
  "🤖 Grace period over: Ferry carries out {{0}}'s choice and asks Nova to *{{1}}* {{2}}.":
    '🤖 宽限期已结束：Ferry 执行 {{0}} 的选择，请 Nova *{{1}}* {{2}}。',
  'abort, then migrate cold': '中止，然后冷迁移',
  'cold, after the stall fallback (server stopped)': '冷迁移，停滞回退后（云主机已停止）',
  'ask on-call, leave it running': '询问值班人员，让它继续运行',
  'being carried out': '正在执行',
  'carried out': '已执行',
  'if the live migration stops converging, the stall policy may abort it and migrate the server cold (it is stopped)':
    '若热迁移无法收敛，停滞策略可以中止它并冷迁移云主机（云主机会被停止）',
  'left for an on-call person to decide': '留给值班人员决定',
  'overtaken by on-call': '已被值班人员的操作取代',
  'the default policy, set by FERRY_STALL_POLICY': '默认策略，由 FERRY_STALL_POLICY 设定',
  'the override for flavor {{0}}': '规格 {{0}} 的覆盖规则',
  'the override for project {{0}}': '项目 {{0}} 的覆盖规则',
  'waiting for its grace period': '正在等待宽限期结束',
  '{{0}} (chosen by on-call)': '{{0}}（值班人员所选）',
  '{{0}} chose instead for {{1}}: *{{2}}* when the grace period ends.':
    '{{0}} 为 {{1}} 另作选择：宽限期结束时*{{2}}*。',
  '{{0}} chose to leave {{1}} running: the stall policy does nothing.':
    '{{0}} 选择让 {{1}} 继续运行：停滞策略不做任何操作。',
  '{{0}} not allowed for it, so Ferry did nothing: an on-call person decides':
    '不允许对它执行“{{0}}”，因此 Ferry 什么也没做：由值班人员决定',
  '{{0}} not carried out: an on-call person decides': '“{{0}}”未执行：由值班人员决定',
  'on-call asked Nova to abort it': '值班人员请求 Nova 中止它',
  'on-call asked Nova to force-complete it': '值班人员请求 Nova 强制完成它',
  '{{0}}; the move has not ended yet': '{{0}}；迁移尚未结束',
  '{{0}}; how the move ended is not known': '{{0}}；迁移如何结束尚不清楚',
  '{{0}}; the move {{1}}': '{{0}}；迁移{{1}}',
  '{{0}} not allowed for it, so Ferry did nothing: {{1}}':
    '不允许对它执行“{{0}}”，因此 Ferry 什么也没做：{{1}}',
  '{{0}}, then {{1}}': '{{0}}，随后{{1}}',
  '{{0}} (1 move)': '{{0}}（1 次迁移）',
  '{{0}} ({{1}} moves)': '{{0}}（{{1}} 次迁移）',
  '{{0}}, asked of Nova': '{{0}}，已向 Nova 请求',
  '{{0}}, done': '{{0}}，已完成',
  '{{0}}, ended before the grace period': '{{0}}，宽限期内已结束',
  '{{0}}, failed': '{{0}}，失败',
  '{{0}}, left running by on-call': '{{0}}，值班人员选择让它继续运行',
  '{{0}}, no answer from Nova': '{{0}}，Nova 无应答',
  '{{0}}, on-call acted first': '{{0}}，值班人员先行操作',
  '{{0}}: stall policy': '{{0}}：停滞策略',
  'the stall policy': '停滞策略',
  'abort asked by {{0}}': '{{0}} 请求中止',
  'force complete asked by {{0}}': '{{0}} 请求强制完成',
  'confirm asked by {{0}}': '{{0}} 请求确认',
  'revert asked by {{0}}': '{{0}} 请求回退',
  "⚠️ Ferry asked Nova to *{{0}}* {{1}} and has no answer: Nova's record tells what happened. Ferry does not ask again.":
    '⚠️ Ferry 已请求 Nova *{{0}}* {{1}}，但没有收到应答：以 Nova 的记录为准。Ferry 不会再次请求。',
  '⚠️ The cold migration of {{0}} could not be started: it is left to on-call.':
    '⚠️ 无法启动 {{0}} 的冷迁移：交由值班人员处理。',
  '⚠️ The stall policy could not *{{0}}* {{1}}: {{2}}. It is left to on-call.':
    '⚠️ 停滞策略未能*{{0}}* {{1}}：{{2}}。交由值班人员处理。',
  '⚠️ {{0}} is not ACTIVE on {{1}} after the abort: Ferry starts no cold migration.':
    '⚠️ 中止后 {{0}} 不在 {{1}} 上处于 ACTIVE 状态：Ferry 不启动冷迁移。',
  '🤖 Grace period over, nobody acted: Ferry asks Nova to *{{0}}* {{1}} (stall policy).':
    '🤖 宽限期已过，无人操作：Ferry 请求 Nova *{{0}}* {{1}}（停滞策略）。',
  '🤖 Nova accepted the abort of {{0}}.': '🤖 Nova 已接受中止 {{0}}。',
  '🤖 Nova accepted the force-complete of {{0}}: Nova switches to post-copy where it is permitted, else pauses the guest until the copy ends.':
    '🤖 Nova 已接受强制完成 {{0}}：允许时 Nova 切换到 post-copy，否则暂停虚拟机直到复制结束。',
  "🤖 {{0}} is back on {{1}}: Ferry migrates it cold now (it is stopped, and starts again where Nova's scheduler puts it), as its request allowed.":
    '🤖 {{0}} 已回到 {{1}}：按其请求的许可，Ferry 现在冷迁移它（云主机会被停止，并在 Nova 调度器选定的节点上重新启动）。',
  '\n… and {{0}} more': '\n……另有 {{0}} 条',
  ' · 🔔 not silenced: {{0}}': ' · 🔔 未静默：{{0}}',
  ' · 🔔 silence expired': ' · 🔔 静默已结束',
  ' · 🔕 silence asked for': ' · 🔕 已请求静默',
  ' · 🔕 silenced ({{0}})': ' · 🔕 已静默（{{0}}）',
  'Drain {{0}} held by health gates': '排空 {{0}} 被健康门禁拦住',
  'Health gates no longer hold {{0}}; nothing changed.': '健康门禁已不再拦住 {{0}}；未做任何更改。',
  'Only on-call staff may resume a drain that health gates hold: {{0}}.':
    '只有值班人员可以继续被健康门禁拦住的排空：{{0}}。',
  'Resume anyway': '仍然继续',
  'Resume anyway?': '仍然继续？',
  'Step {{0}} starts although its health gates do not pass.': '尽管健康门禁未通过，第 {{0}} 步仍将开始。',
  '{{0}} {{1}} {{2}}{{3}}{{4}}': '{{0}} {{1}} {{2}}{{3}}{{4}}',
  '⏩ <@{{0}}> resumed step {{1}} anyway; its health gates did not pass.':
    '⏩ <@{{0}}> 在健康门禁未通过的情况下仍继续了第 {{1}} 步。',
  '✅ {{0}} is empty': '✅ {{0}} 结果为空',
  '❌ {{0}} returned {{1}} series:\n{{2}}{{3}}': '❌ {{0}} 返回了 {{1}} 条序列：\n{{2}}{{3}}',
  '❓ {{0}}: no verdict ({{1}}); unknown is not a pass': '❓ {{0}}：无结论（{{1}}）；未知不算通过',
  '🔔 The alert silence of {{0}} could not be kept: {{1}} Ferry tries again at its next look.':
    '🔔 {{0}} 的告警静默无法维持：{{1}} Ferry 会在下次检查时重试。',
  '🚦 Health gates still hold the drain; see below.': '🚦 健康门禁仍拦住排空，见下文。',
  '🚦 Step {{0}} waits: health gates must come back empty before its hosts are disabled. Ferry asks again every few seconds and goes on by itself once they pass.':
    '🚦 第 {{0}} 步等待中：健康门禁的查询结果须为空，才会禁用该步的节点。Ferry 每隔几秒重新查询，通过后自动继续。',
  '🟢 Health gates pass: step {{0}} goes on.': '🟢 健康门禁已通过：第 {{0}} 步继续。',
  '🚦 Drain {{0}} is stopped; its health gates no longer matter.':
    '🚦 排空 {{0}} 已停止；其健康门禁不再起作用。',
  'Pick a host of {{0}} to be sure.': '选择 {{0}} 中的节点，以确保迁移可行。',
  'Pick a host of {{0}}, or leave the destination to the scheduler.':
    '选择 {{0}} 中的节点，或由调度器选择目的物理主机。',
  'availability zones': '可用区',
  'free room on a host of its availability zone, or enable one there':
    '在其可用区内的节点上腾出空间，或在该可用区启用一个节点',
  "in availability zone {{0}}, it runs in {{1}}: kept there, as Nova would keep it had it been created there (this cloud's Nova does not say before microversion 2.96)":
    '位于可用区 {{0}}，而它运行在 {{1}}：留在原可用区，与它若在该区创建时 Nova 的做法一致（此云的 Nova 在微版本 2.96 之前不提供此信息）',
  'in availability zone {{0}}: it was created in {{1}}, and Nova keeps its moves there':
    '位于可用区 {{0}}：它创建于 {{1}}，Nova 只在该可用区内迁移它',
  "{{0}} is in availability zone {{1}}, {{2}} runs in {{3}}: Nova refuses the move if {{4}} was created in {{5}} (this cloud's Nova does not say before microversion 2.96).":
    '{{0}} 位于可用区 {{1}}，{{2}} 运行在 {{3}}：如果 {{4}} 创建于 {{5}}，Nova 会拒绝此次迁移（此云的 Nova 在微版本 2.96 之前不提供此信息）。',
  '{{0}} is in availability zone {{1}}; {{2}} was created in {{3}}, and Nova keeps its moves there.':
    '{{0}} 位于可用区 {{1}}；{{2}} 创建于 {{3}}，Nova 只在该可用区内迁移它。',
  ' (the BMC was tried)': '（已尝试 BMC）',
  ' onto kernel {{0}}': '，目标内核 {{0}}',
  '--kernel and --max-failures go with --reboot.': '--kernel 和 --max-failures 需与 --reboot 一起使用。',
  '--kernel takes a kernel release as uname -r prints it, such as 6.1.0-28-amd64.':
    '--kernel 需要 uname -r 所显示的内核版本，例如 6.1.0-28-amd64。',
  'Already on {{0}}, left out: {{1}}.': '已在 {{0}} 上，不纳入：{{1}}。',
  'Ferry cannot reboot hosts here: --reboot needs SSH to the compute hosts (FERRY_SSH_USER and its settings; see README "Patch campaigns").':
    'Ferry 在此无法重启节点：--reboot 需要通过 SSH 连接计算节点（FERRY_SSH_USER 及相关设置；见 README“Patch campaigns”）。',
  'Ferry reboots each emptied host (FERRY_REBOOT_COMMAND over SSH, or the BMC) and checks it came back before enabling it; a zone or aggregate goes longest-up first':
    'Ferry 重启每个已清空的节点（通过 SSH 执行 FERRY_REBOOT_COMMAND，或通过 BMC），确认其恢复后再启用；可用区或主机聚合按运行时间从长到短进行',
  'Order: as named.': '顺序：按给出的顺序。',
  'SSH does not answer ({{0}})': 'SSH 无应答（{{0}}）',
  'it answers with the same boot ID {{0}}: it has not rebooted': '它返回相同的启动 ID {{0}}：尚未重启',
  'its boot ID changed, kernel {{0}}, nova-compute up, the host check passing':
    '启动 ID 已变化，内核为 {{0}}，nova-compute 在线，节点检查通过',
  'its boot ID changed, nova-compute up, the host check passing':
    '启动 ID 已变化，nova-compute 在线，节点检查通过',
  'not rebooted': '未重启',
  'not rebooted yet (boot {{0}}, kernel {{1}})': '尚未重启（启动 {{0}}，内核 {{1}}）',
  'nova-compute has not reported since the new boot': '新启动后 nova-compute 尚未上报',
  'nova-compute is down': 'nova-compute 已停止',
  'reboot failed: {{0}}': '重启失败：{{0}}',
  'rebooted: boot {{0}} → {{1}}, kernel {{2}} → {{3}}': '已重启：启动 {{0}} → {{1}}，内核 {{2}} → {{3}}',
  'the host check fails: {{0}}': '节点检查未通过：{{0}}',
  'through its BMC only (ipmitool chassis power cycle; a BMC that refuses holds the host); a host FERRY_BMC does not list, with "{{0}}" over SSH':
    '只通过其 BMC 重启（ipmitool chassis power cycle；BMC 拒绝时该节点被保留）；FERRY_BMC 未列出的节点通过 SSH 执行“{{0}}”',
  'with "{{0}}" over SSH': '通过 SSH 执行“{{0}}”',
  'with "{{0}}" over SSH, through the BMC (ipmitool chassis power cycle) if SSH does not answer or the host does not come back':
    '通过 SSH 执行“{{0}}”，SSH 无应答或节点未恢复时通过 BMC（ipmitool chassis power cycle）',
  'with --reboot: the kernel (uname -r) each host must run after; hosts already on it are left out':
    '与 --reboot 一起使用：重启后每个节点必须运行的内核（uname -r）；已在该内核上的节点不纳入',
  'with --reboot: this many hosts failing their reboot pause the drain (default 1)':
    '与 --reboot 一起使用：这么多个节点重启失败即暂停本次排空（默认 1）',
  '{{0}} closed the connection before SSH could log in': '{{0}} 在 SSH 登录前关闭了连接',
  '{{0}} came back on kernel {{1}}, not {{2}}': '{{0}} 恢复后运行内核 {{1}}，而不是 {{2}}',
  '{{0}} comes back from its reboots on the kernel it runs now': '{{0}} 重启后仍运行当前内核',
  '{{0}} could not be rebooted: {{1}}': '{{0}} 无法重启：{{1}}',
  'BMC {{0}} did not answer IPMI over LAN (lanplus): check its address in FERRY_BMC and that it is reachable':
    'BMC {{0}} 未应答 LAN 上的 IPMI（lanplus）：请检查它在 FERRY_BMC 中的地址以及它是否可达',
  'BMC {{0}} does not know the user (FERRY_BMC_USER or the user in FERRY_BMC)':
    'BMC {{0}} 不认识该用户（FERRY_BMC_USER 或 FERRY_BMC 中的用户）',
  'BMC {{0}} refused the password in FERRY_BMC_PASSWORD_FILE':
    'BMC {{0}} 拒绝了 FERRY_BMC_PASSWORD_FILE 中的密码',
  'BMC {{0}}: FERRY_BMC_PASSWORD_FILE cannot be read': 'BMC {{0}}：无法读取 FERRY_BMC_PASSWORD_FILE',
  'BMC {{0}}: ipmitool did not finish in time': 'BMC {{0}}：ipmitool 未能按时完成',
  'BMC {{0}}: ipmitool failed ({{1}})': 'BMC {{0}}：ipmitool 失败（{{1}}）',
  'BMC {{0}}: ipmitool failed': 'BMC {{0}}：ipmitool 失败',
  'BMC {{0}}: ipmitool is not installed': 'BMC {{0}}：未安装 ipmitool',
  'BMC {{0}}: the name does not resolve (FERRY_BMC)': 'BMC {{0}}：该名称无法解析（FERRY_BMC）',
  '{{0}} port {{1}}': '{{0}} 端口 {{1}}',
  '{{0}} did not come back within {{1}}{{2}}': '{{0}} 未在 {{1}}内恢复{{2}}',
  '{{0}} did not come back within {{1}}{{2}}; last seen: {{3}}':
    '{{0}} 未在 {{1}}内恢复{{2}}；最后所见：{{3}}',
  '{{0}} does not come back from its next reboot': '{{0}} 下次重启后不会恢复',
  "{{0}}'s boot ID could not be read before the reboot, so a reboot could not be verified: {{1}}":
    '重启前无法读取 {{0}} 的启动 ID，因此无法验证重启：{{1}}',
  '⚠️ {{0}}. It is held disabled: on-call decides (Host is back once it is, or Skip host).':
    '⚠️ {{0}}。它保持禁用：由值班人员决定（恢复后按“节点已恢复”，或按“跳过节点”）。',
  '⚠️ {{0}}. It is left out of the drain and stays disabled; the drain goes on. It needs a person, and its alert silence ends.':
    '⚠️ {{0}}。它被移出本次排空并保持禁用；排空继续进行。它需要人工处理，其告警静默随之结束。',
  '⚠️ {{0}}. It is left out of the drain and stays disabled; the drain goes on. It needs a person.':
    '⚠️ {{0}}。它被移出本次排空并保持禁用；排空继续进行。它需要人工处理。',
  'left out after its failed reboot, still disabled': '重启失败后被移出，仍处于禁用状态',
  '⚠️ Answered: {{0}} failed its reboot check and Ferry left it out; it stays disabled and needs a person.':
    '⚠️ 已答复：{{0}} 未通过重启检查，Ferry 已将其移出；它保持禁用，需要人工处理。',
  "🧑‍🔧 Needs a person: {{0}}. Each stays disabled, and the drain's alert silence on it has ended.":
    '🧑‍🔧 需要人工处理：{{0}}。它们均保持禁用，本次排空为其设置的告警静默已结束。',
  '🧑‍🔧 Needs a person: {{0}}. Each stays disabled.': '🧑‍🔧 需要人工处理：{{0}}。它们均保持禁用。',
  '🚦 Health gates: before each step Ferry asks Prometheus, and every query must come back empty; one that returns anything (or no answer) holds the step until it passes, or until on-call resumes it anyway:':
    '🚦 健康门禁：每一步之前 Ferry 都会查询 Prometheus，每条查询都必须返回空结果；任何一条返回了内容（或没有应答）都会暂缓该步，直到其通过，或值班人员选择仍然继续：',
  '🔕 Alert silences: each host is silenced in Alertmanager {{0}} while it is out of service, matching {{1}} ({{2}} is the host); a lease of {{3}} renewed while Ferry works on it, expired once the host is enabled again.':
    '🔕 告警静默：每个节点停止服务期间在 Alertmanager {{0}} 中被静默，匹配 {{1}}（{{2}} 即该节点）；租期 {{3}}，Ferry 处理期间持续续期，节点重新启用后即结束。',
  '✅ {{0}} came back: boot {{1}} → {{2}}, kernel {{3}} → {{4}}, nova-compute up, the host check passes. Ferry takes it as back.':
    '✅ {{0}} 已恢复：启动 {{1}} → {{2}}，内核 {{3}} → {{4}}，nova-compute 在线，节点检查通过。Ferry 视其为已恢复。',
  '🔁 Reboot: each emptied host {{0}}; it is enabled again only once verified ({{1}}); not back within {{2}}, it is held for on-call.':
    '🔁 重启：每个已清空的节点{{0}}；仅在验证通过（{{1}}）后重新启用；{{2}}内未恢复则保留给值班人员处理。',
  '🔁 {{0}} is power-cycled through its BMC.': '🔁 正在通过 BMC 对 {{0}} 断电重启。',
  '🔁 {{0}} is rebooting (the reboot command over SSH).': '🔁 {{0}} 正在重启（通过 SSH 执行重启命令）。',
  '⚠️ {{0}} is back on a new boot, but its host check fails: {{1}}. Ferry enables it only once the check passes (/hostcheck {{2}} says what to change); still failing {{3}} after the reboot, it is held for on-call.':
    '⚠️ {{0}} 已以新的启动 ID 恢复，但节点检查未通过：{{1}}。检查通过后 Ferry 才会启用它（/hostcheck {{2}} 会说明要改什么）；重启 {{3}}后仍未通过，则交由值班人员处理。',
  '🔧 {{0}} is empty and disabled: Ferry reboots it now and enables it{{1}} once it is verified back, then goes on. *Host is back* ({{2}}) takes it as back by hand.':
    '🔧 {{0}} 已清空并禁用：Ferry 现在重启它，验证其恢复后启用它{{1}}，然后继续。按“节点已恢复”（{{2}}）可手动视其为已恢复。',
  'Availability zone': '可用区',
  '{{0}} is in availability zone {{1}}, where {{2}} runs now.':
    '{{0}} 位于可用区 {{1}}，{{2}} 当前就运行在该可用区。',
  '{{0}} is in availability zone {{1}}, where {{2}} was created.':
    '{{0}} 位于可用区 {{1}}，{{2}} 正是在该可用区创建的。',
  '{{0}} is in availability zone {{1}}; {{2}} was created in no zone, so Nova lets it move to any.':
    '{{0}} 位于可用区 {{1}}；{{2}} 创建时未指定可用区，Nova 允许它迁移到任何可用区。',
  ' · rebooted by Ferry and verified': ' · 由 Ferry 重启并验证',
  'failed its reboot check: {{0}}': '重启检查未通过：{{0}}',
  rebooting: '正在重启',
  '{{0}} was disabled by someone else ({{1}}): Ferry does not reboot it.':
    '{{0}} 已被他人禁用（{{1}}）：Ferry 不重启它。',
  '{{0}} was disabled by someone else: Ferry does not reboot it.': '{{0}} 已被他人禁用：Ferry 不重启它。',
  '✅ Answered: Ferry rebooted {{0}} and verified it, so Ferry took the host as back.':
    '✅ 已答复：Ferry 重启了 {{0}} 并已验证，因此 Ferry 视该节点为已恢复。',
  // session 19: health gates say where Prometheus was asked and why it gave no verdict; uptimes in the order
  'Prometheus at {{0}} answered HTTP {{1}} without a result':
    '{{0}} 上的 Prometheus 返回了 HTTP {{1}}，但没有结果',
  'Prometheus at {{0}} answered HTTP {{1}}: {{2}}: {{3}}':
    '{{0}} 上的 Prometheus 返回了 HTTP {{1}}：{{2}}：{{3}}',
  'Prometheus at {{0}} answered a result of type {{1}}, which Ferry cannot read':
    '{{0}} 上的 Prometheus 返回了类型为 {{1}} 的结果，Ferry 无法读取',
  'Prometheus at {{0}} could not be reached: {{1}}': '无法连接 {{0}} 上的 Prometheus：{{1}}',
  'Prometheus at {{0}} did not answer within {{1}} s': '{{0}} 上的 Prometheus 在 {{1}} 秒内未应答',
  'TLS refused ({{0}})': 'TLS 被拒绝（{{0}}）',
  'connection refused': '连接被拒绝',
  'connection reset': '连接被重置',
  'connection timed out ({{0}})': '连接超时（{{0}}）',
  'host name not found ({{0}})': '找不到主机名（{{0}}）',
  'no route to the host ({{0}})': '没有到该节点的路由（{{0}}）',
  '🚦 *Held by a health gate* before step {{0}}: {{1}}; Ferry goes on by itself once it passes, or on-call presses Resume anyway in the thread · {{2}}':
    '🚦 第 {{0}} 步前*被健康门禁拦住*：{{1}}；通过后 Ferry 自动继续，或由值班人员在消息串中按“仍然继续” · {{2}}',
  '🚦 *Held by {{0}} health gates* before step {{1}}: {{2}}; Ferry goes on by itself once they pass, or on-call presses Resume anyway in the thread · {{3}}':
    '🚦 第 {{1}} 步前*被 {{0}} 个健康门禁拦住*：{{2}}；全部通过后 Ferry 自动继续，或由值班人员在消息串中按“仍然继续” · {{3}}',
  '{{0}} does not pass': '{{0}} 未通过',
  '{{0}} do not pass': '{{0}} 未通过',
  'no verdict for {{0}} (Prometheus did not answer as asked; the thread says why)':
    '{{0}} 没有结论（Prometheus 未按要求回答；原因见消息串）',
  'Order: longest up first: {{0}} and {{1}} more.': '顺序：运行时间最长的优先：{{0}}，另有 {{1}} 个节点。',
  'Order: longest up first: {{0}}.': '顺序：运行时间最长的优先：{{0}}。',
  '{{0}} (up {{1}} d)': '{{0}}（已运行 {{1}} 天）',
  '{{0}} (up {{1}} h)': '{{0}}（已运行 {{1}} 小时）',
  '{{0}} (up {{1}} min)': '{{0}}（已运行 {{1}} 分钟）',
  '{{0}} (uptime not read)': '{{0}}（未读到运行时间）',
  'it came back on kernel {{0}}, not {{1}}': '恢复后运行内核 {{0}}，而不是 {{1}}',
  'it could not be rebooted: {{0}}': '无法重启：{{0}}',
  'it did not come back within {{0}}{{1}}': '未在 {{0}}内恢复{{1}}',
  'it did not come back within {{0}}{{1}}; last seen: {{2}}': '未在 {{0}}内恢复{{1}}；最后所见：{{2}}',
  'its boot ID could not be read before the reboot, so a reboot could not be verified: {{0}}':
    '重启前无法读取其启动 ID，因此无法验证重启：{{0}}',
  '/wait waits on: {{0}} ({{1}}) is not converging (its thread says so), and the stall policy will {{2}} at {{3}} (in {{4}}) unless on-call chooses otherwise in its thread or ends it first: /migrations force {{5}} or /migrations abort {{6}}.':
    '/wait 继续等待：{{0}}（{{1}}）没有收敛（其消息串中已说明），停滞策略将于 {{3}}（{{4}}后）执行“{{2}}”，除非值班人员先在其消息串中另选，或先结束它：/migrations force {{5}} 或 /migrations abort {{6}}。',
  '/wait waits on: {{0}}.': '/wait 继续等待：{{0}}。',
  '{{0}} is held before step {{1}} by its health gates ({{2}}): Ferry asks again every few seconds and goes on by itself once they pass, or on-call presses Resume anyway in its thread.':
    '{{0}} 在第 {{1}} 步前被健康门禁拦住（{{2}}）：Ferry 每隔几秒重新查询，通过后自动继续，或由值班人员在其消息串中按“仍然继续”。',
  '{{0}}: Ferry reboots {{1}} and checks that it comes back': '{{0}}：Ferry 正在重启 {{1}} 并检查它是否恢复',
  '{{0}}: {{1}} is back; Ferry waits for its nova-compute to report up, then enables it':
    '{{0}}：{{1}} 已恢复；Ferry 等待其 nova-compute 上报在线，然后启用它',
  'back on a new boot, but its host check fails: {{0}}': '已以新的启动 ID 恢复，但节点检查未通过：{{0}}',
  it: '它',
  '{{0}} came back on a new boot, but its host check still failed after {{1}}: {{2}}':
    '{{0}} 已以新的启动 ID 恢复，但 {{1}}后节点检查仍未通过：{{2}}',
  '{{0}} came back on a new boot, but nova-compute had not reported since, after {{1}}':
    '{{0}} 已以新的启动 ID 恢复，但 {{1}}后 nova-compute 仍未上报',
  '{{0}} came back on a new boot, but nova-compute was still down after {{1}}':
    '{{0}} 已以新的启动 ID 恢复，但 {{1}}后 nova-compute 仍然宕机',
  '{{0}} is not a compute host of this cloud': '{{0}} 不是这个云的计算节点',
  'Did you mean {{0}}? {{1}}': '你是指 {{0}} 吗？{{1}}',
  'Every host left already runs {{0}}: {{1}}.': '剩下的每个节点都已运行 {{0}}：{{1}}。',
  'Nothing to drain: {{0}} Nothing was requested, disabled or moved.':
    '没有可排空的节点：{{0}}没有提出任何请求，没有禁用或迁移任何东西。',
  'No evacuation {{0}}, and no compute host of that name. {{1}} Nothing was requested, disabled or moved.':
    '没有疏散 {{0}}，也没有这个名字的计算节点。{{1}}没有提出任何请求，没有禁用或迁移任何东西。',
  'Nothing to evacuate: {{0}} {{1}} Nothing was requested, disabled or moved.':
    '没有可疏散的节点：{{0}}{{1}}没有提出任何请求，没有禁用或迁移任何东西。',
  '{{0}} is not a migration ID (m- and 6 hex digits; /migrations lists them).':
    '{{0}} 不是迁移 ID（m- 加 6 位十六进制数字；/migrations 会列出）。',
  '{{0}} is not a request ID (r- and 6 hex digits; /migrations <r-…> shows one).':
    '{{0}} 不是请求 ID（r- 加 6 位十六进制数字；/migrations <r-…> 可查看）。',
  '{{0}} is not an evacuation ID (e- and 6 hex digits; /migrations <e-…> shows one).':
    '{{0}} 不是疏散 ID（e- 加 6 位十六进制数字；/migrations <e-…> 可查看）。',
  '{{0}} has evacuation {{1}} waiting for approval already, asked by <@{{2}}>: ask again once it is decided or has expired (/migrations {{3}} shows it). Nothing new was requested.':
    '{{0}} 已有疏散 {{1}} 在等待批准（由 <@{{2}}> 申请）：请等它被批准、拒绝或过期后再申请（/migrations {{3}} 可查看）。没有提出新的请求。',
  '{{0}} has evacuation {{1}} waiting for approval already: the request without --dry-run would be refused.':
    '{{0}} 已有疏散 {{1}} 在等待批准：不带 --dry-run 的请求会被拒绝。',
  'Ask again once {{0}} is decided or has expired (/migrations {{1}} shows it).':
    '请等 {{0}} 被批准、拒绝或过期后再申请（/migrations {{1}} 可查看）。',
  '{{0}} is given twice: give it once.': '{{0}} 给了两次：只给一次。',
  '{{0}} is given twice: give it once, with the names comma-separated.':
    '{{0}} 给了两次：只给一次，名称用逗号分隔。',
  '{{0}} is given twice: name each host once.': '{{0}} 给了两次：每个节点只写一次。',
  ' (the servers that left it stay where they went)': '（已离开它的云主机留在去往的地方）',
  "{{0}} was skipped, and a skipped host's servers are not moved home":
    '{{0}} 已被跳过，被跳过节点的云主机不会迁回',
  "Ferry's HTTP client refuses that port (it is on the list of ports browsers block): give the service's real port":
    'Ferry 的 HTTP 客户端拒绝使用该端口（它在浏览器屏蔽的端口列表中）：请给出该服务的真实端口',
  'the request failed before any answer': '请求在得到任何应答之前就失败了',
  '⚠️ No verdict now for {{0}}: {{1}}. Approved as it is, the drain would hold before its first step until Prometheus answers (or on-call presses Resume anyway).':
    '⚠️ {{0}} 现在没有结论：{{1}}。如按现状批准，排空会在第一步之前被拦住，直到 Prometheus 应答（或值班人员按下“仍然继续”）。',
  '⚠️ {{0}}. Approved as it is, hosts would go out of service without their alert silence until it answers (Ferry tries again at each look).':
    '⚠️ {{0}}。如按现状批准，在它应答之前，节点停止服务时将没有告警静默（Ferry 每次查看时都会重试）。',
  "⚠️ {{0}}'s host check fails already ({{1}}): rebooted as it is, it would come back and fail its verification. Fix it first, or leave it out.":
    '⚠️ {{0}} 的节点检查现在已经失败（{{1}}）：按现状重启，它恢复后会通不过验证。请先修复，或把它排除在外。',
  '502 Bad Gateway: the load balancer in front of it got no valid answer from it':
    '502 Bad Gateway：它前面的负载均衡器没有从它那里得到有效应答',
  '504 Gateway Timeout: the load balancer in front of it got no answer from it in time':
    '504 Gateway Timeout：它前面的负载均衡器没有及时从它那里得到应答',
  "Nova did not answer ({{0}}), so whether the migration started is unknown until Nova's records say; checking whether it started":
    'Nova 没有应答（{{0}}），所以在 Nova 的记录说明之前，无法确定迁移是否已开始；正在确认迁移是否已开始',
  "{{0}} Ferry tries again where it is watching; a command can be sent again in a minute. If it lasts, the cloud's admins must look at {{1}}'s API and its load balancer.":
    '{{0}}Ferry 会在它监视的地方重试；命令可在一分钟后重新发送。如果持续如此，云管理员必须检查 {{1}} 的 API 及其负载均衡器。',
  "{{0}} If it lasts, the cloud's admins must look at {{1}}'s API and its load balancer.":
    '{{0}}如果持续如此，云管理员必须检查 {{1}} 的 API 及其负载均衡器。',
  '{{0}} cannot be reached right now ({{1}}).': '{{0}} 现在无法访问（{{1}}）。',
  '{{0}} cannot be reached right now ({{1}}); the answer read "{{2}}".':
    '{{0}} 现在无法访问（{{1}}）；应答内容为“{{2}}”。',
  "{{0}} did not answer ({{1}}), so whether it carried the request out is unknown until its records are read. Look before sending it again; if it persists, check the cloud's API.":
    '{{0}} 没有应答（{{1}}），所以在读取它的记录之前，无法确定它是否执行了该请求。重新发送前请先检查；如果持续如此，请检查云的 API。',
  'moved, waiting for Confirm or Revert': '已迁移，等待有人按“确认”或“回退”',
  'moved, in VERIFY_RESIZE: Ferry confirms it itself once its proofs pass':
    '已迁移，处于 VERIFY_RESIZE：验证通过后由 Ferry 自己确认',
  'in VERIFY_RESIZE: Ferry confirms it once its proofs pass': '处于 VERIFY_RESIZE：验证通过后由 Ferry 确认',
  '{{0}} is queued by Nova · elapsed {{1}}': '{{0}} 由 Nova 排队 · 已用时 {{1}}',
  "{{0}} is queued by Nova: it waits for a free live-migration slot on {{1}}, behind Ferry's move of {{2}} (nova-compute runs max_concurrent_live_migrations at a time per host) · elapsed {{3}}":
    '{{0}} 由 Nova 排队：它在等待 {{1}} 上空出热迁移名额，排在 Ferry 迁移 {{2}} 之后（nova-compute 每个节点同时只运行 max_concurrent_live_migrations 个）· 已用时 {{3}}',
  "{{0}} is queued by Nova: it waits for a free live-migration slot on {{1}}, behind Ferry's moves of {{2}} (nova-compute runs max_concurrent_live_migrations at a time per host) · elapsed {{3}}":
    '{{0}} 由 Nova 排队：它在等待 {{1}} 上空出热迁移名额，排在 Ferry 迁移 {{2}} 之后（nova-compute 每个节点同时只运行 max_concurrent_live_migrations 个）· 已用时 {{3}}',
  '{{0}} is queued by Nova: it waits for a free live-migration slot on {{1}} (nova-compute runs max_concurrent_live_migrations at a time per host) · elapsed {{2}}':
    '{{0}} 由 Nova 排队：它在等待 {{1}} 上空出热迁移名额（nova-compute 每个节点同时只运行 max_concurrent_live_migrations 个）· 已用时 {{2}}',
  'Console commands:\n  /as <name>                act as another person (see the roster above)\n  /buttons                  list the buttons you can press\n  /home                     your App Home tab: approvals, what moves, maintenance ahead, your moves\n  <number> | <label>        press a button, e.g. 1 or approve':
    '控制台命令：\n  /as <名字>                以另一个人的身份操作（见上面的名单）\n  /buttons                  列出你可以按的按钮\n  /home                     你的 App Home：待审批、正在迁移、即将进行的维护、你的迁移\n  <编号> | <标签>           按下按钮，例如 1 或“批准”',
  '  /wait                     wait until every running migration has ended (Enter stops waiting)\n  help                      this text\n  exit                      leave (Ctrl-D or Ctrl-C work too). On a real cloud, running migrations\n                            resume at the next start; the built-in sandbox ends with the console,\n                            so its migrations end too and Ferry says so when it starts again':
    '  /wait                     等待所有进行中的迁移结束（按回车停止等待）\n  help                      本说明\n  exit                      退出（Ctrl-D 或 Ctrl-C 也可以）。在真实的云上，进行中的迁移会在下次启动时\n                            继续；内置沙箱随控制台一起结束，所以它的迁移也会结束，Ferry 下次启动时会说明',
  '"host" comes back from its reboots on the kernel it runs now': 'host 指定的节点重启后仍运行现在的内核',
  '"host" does not come back from its next reboot': 'host 指定的节点下次重启后无法恢复',
  '"server" copies normally again': 'server 指定的云主机恢复正常复制',
  '"server" dirties memory faster than it is copied: its live migration stops converging':
    'server 指定的云主机产生脏页的速度快于复制速度：它的热迁移不再收敛',
  'A fault is JSON, e.g. {{0}}; /fault help lists them.\nUsage: {{1}}':
    '故障以 JSON 给出，例如 {{0}}；/fault help 会列出所有故障。\n用法：{{1}}',
  'Faults:': '故障：',
  'Make the built-in sandbox cloud fail on purpose, to rehearse what Ferry says':
    '让内置沙箱云故意出故障，演练 Ferry 会说什么',
  'Make the built-in sandbox cloud misbehave as a real cloud can (a migration that fails, a host that goes down, Nova answering errors or not at all), then watch what Ferry says and does. A fault is JSON naming its "type" and what it applies to; {"type":"clear"} removes them. README "Sandbox faults" lists every field.':
    '让内置沙箱云像真实的云那样出问题（迁移失败、节点宕机、Nova 返回错误或完全不应答），然后观察 Ferry 说什么、做什么。故障以 JSON 给出，用 type 字段指明类型及其作用对象；{"type":"clear"} 清除故障。README 的 Sandbox faults 一节列出所有字段。',
  'Nova is out for "seconds": every request answers "status", or with "answer":"late" is answered late':
    'Nova 中断 seconds 秒：每个请求都返回 status，或者在 answer 为 late 时延迟应答',
  'Nova loses the newest migration record of "server"': 'Nova 丢失 server 指定云主机最新的迁移记录',
  'e.g. {{0}}; /fault help says what each fault does': '例如 {{0}}；/fault help 会说明每种故障的作用',
  'every answer waits "ms" milliseconds': '每个应答都等待 ms 毫秒',
  'Placement frees a finished move\'s source "seconds" after Nova\'s record says it ended (the lab: 0.3 s)':
    'Placement 在 Nova 记录显示迁移结束 seconds 秒后才释放已完成迁移在源物理主机上的资源（实验环境实测：0.3 秒）',
  'every login token Keystone gave is refused (401)': '由 Keystone 发出的每个登录令牌都被拒绝（401）',
  'nova-compute on "host" reports again': 'host 指定节点上的 nova-compute 恢复上报',
  'nova-compute on "host" stops reporting: Nova sees the host down':
    'host 指定节点上的 nova-compute 停止上报：Nova 认为该节点宕机',
  'nova.conf of "host" (or every host): max_concurrent_live_migrations and the other live-migration options':
    'host 指定节点（或所有节点）的 nova.conf：max_concurrent_live_migrations 及其他热迁移选项',
  "remove every fault and set nova.conf back to its defaults; a host's nova-compute down and a guest dirtying memory faster than it is copied are the cloud's state and stay (service-up, converge undo them): clear names them":
    '清除所有故障，并把 nova.conf 恢复为默认值；节点上 nova-compute 宕机、虚拟机产生脏页的速度快于复制速度属于云的状态，会保留（用 service-up、converge 撤销）：clear 会列出它们',
  'the addresses of "server" answer no probe': 'server 指定云主机的地址不响应任何探测',
  'the database of the cell of "servers" does not answer for "seconds"':
    'servers 所在 cell 的数据库在 seconds 秒内不应答',
  'the guest of "server" hangs after its next cold move': 'server 指定云主机的客户机在下次冷迁移后挂起',
  'the network ports of "server" stay bound to its old host after it moves':
    'server 指定云主机的网络端口在迁移后仍绑定在原节点上',
  'the next "count" requests (to paths containing "path", if given) answer "status" (500, or 502-504 from the load balancer)':
    '接下来的 count 个请求（若给出 path，则为路径包含它的请求）返回 status（500，或负载均衡器返回的 502-504）',
  'the next migration (of "server", if named) fails at "stage": scheduler, pre-live-migration, transfer, driver-error, completed-not-moved, moved-but-error, resize':
    '下一次迁移（若给出 server，则为它的迁移）在 stage 指定的阶段失败：scheduler、pre-live-migration、transfer、driver-error、completed-not-moved、moved-but-error、resize',
  'the next request (of "method", to "path") is carried out, then its answer is lost: "how" is drop or delay':
    '下一个请求（method 方法、path 路径）会被执行，然后它的应答丢失：how 为 drop 或 delay',
  'the next server action answers 409: a task is already running': '下一个云主机操作返回 409：已有任务在运行',
  '↻ removed: {{0}}': '↻ 已移除：{{0}}',
  'it closed the connection before answering': '它在应答之前关闭了连接',
  'Nova is not available since {{0}} ({{1}}); still watching': '自 {{0}} 起 Nova 不可用（{{1}}）；仍在监视',
  'Nova not available since {{0}} ({{1}})': '自 {{0}} 起 Nova 不可用（{{1}}）',
  'the load balancer in front of it answers 502 Bad Gateway: it got no valid answer from Nova':
    '它前面的负载均衡器应答 502 Bad Gateway：它没有从 Nova 得到有效应答',
  'the load balancer in front of it answers 504 Gateway Timeout: Nova did not answer it in time':
    '它前面的负载均衡器应答 504 Gateway Timeout：Nova 没有及时应答它',
  ' (last heard from at {{0}})': '（最后一次收到它的报告是 {{0}}）',
  'nova-compute on {{0}} (the destination) is up again; still watching':
    '目的物理主机 {{0}} 上的 nova-compute 已恢复在线；仍在监视',
  'nova-compute on {{0}} (the source) is up again; still watching':
    '源物理主机 {{0}} 上的 nova-compute 已恢复在线；仍在监视',
  "⚠️ nova-compute on {{0}} (the destination) is down{{1}}. Nova needs it for the move's last steps: until it is back, the move may wait there or fail. Ferry keeps watching and says how the move ends.":
    '⚠️ 目的物理主机 {{0}} 上的 nova-compute 已宕机{{1}}。迁移的最后几步需要它：在它恢复之前，迁移可能停在那里等待，也可能失败。Ferry 会继续监视，并说明迁移如何结束。',
  "⚠️ nova-compute on {{0}} (the source) is down{{1}}. It runs this move and writes its record: until it is back, Nova's record may not change, and whether the copy goes on meanwhile neither Nova nor Ferry can see. Ferry keeps watching and says how the move ends.":
    '⚠️ 源物理主机 {{0}} 上的 nova-compute 已宕机{{1}}。它执行这次迁移并写入迁移记录：在它恢复之前，Nova 的记录可能不会变化，而这期间复制是否仍在进行，Nova 和 Ferry 都无从得知。Ferry 会继续监视，并说明迁移如何结束。',
  "It took {{0}} by Nova's record (from its start to its end); the times above are Ferry's, from before it asked Nova to after it saw the end and checked it.":
    '按 Nova 的记录，迁移用时 {{0}}（从其开始到结束）；上面的时间是 Ferry 的，从它向 Nova 发出请求之前，到它看到迁移结束并完成检查之后。',
  '{{0}} takes no value: got "{{1}}={{2}}".': '{{0}} 不接受取值：收到的是“{{1}}={{2}}”。',
  '{{0}} takes {{1}} separated by commas; a name is missing in "{{2}}".':
    '{{0}} 接受用逗号分隔的{{1}}；“{{2}}”中缺少一个名称。',
  'server names or IDs': '云主机名称或 ID',
  'project names or IDs': '项目名称或 ID',
  'Plan moving every server off a host, then (once approved) disable its nova-compute and move them a few at a time. /evacuate e-… shows an evacuation.':
    '规划把一个计算节点上的云主机全部迁走，然后（审批后）禁用它的 nova-compute，每次迁移几台。/evacuate e-… 显示一次疏散。',
  "{{0}} is an evacuation's ID: /evacuate {{1}} shows it, with nothing after it.":
    '{{0}} 是疏散 ID：/evacuate {{1}} 显示这次疏散，ID 后面不接任何内容。',
  '{{0}} is on {{1}}, not on {{2}}, the host being emptied: it is not in this plan.':
    '{{0}} 在 {{1}} 上，不在正被清空的节点 {{2}} 上：它不在此计划中。',
  '{{0}} is on {{1}}, not on any of the {{2}} hosts being emptied: it is not in this plan.':
    '{{0}} 在 {{1}} 上，不在正被清空的 {{2}} 个节点中的任何一个上：它不在此计划中。',
  '{{0}} is not on {{1}}, the host being emptied: it is not in this plan.':
    '{{0}} 不在正被清空的节点 {{1}} 上：它不在此计划中。',
  '{{0}} is not on any of the {{1}} hosts being emptied: it is not in this plan.':
    '{{0}} 不在正被清空的 {{1}} 个节点中的任何一个上：它不在此计划中。',
  '*Step {{0}}* · {{1}} · no server on it: nothing to move':
    '*第 {{0}} 步* · {{1}} · 其上没有云主机：无需迁移',
  '⏭️ 1 skipped server stays on its host: that host is not declared empty, so the drain stops at it (as at any host not empty) until you move the server and press Continue, or press Skip host.':
    '⏭️ 1 台被跳过的云主机留在它的节点上：该节点不会被视为已清空，因此排空会在该节点停下（与任何未清空的节点一样），直到你迁走这台云主机并按“继续处理”，或按“跳过节点”。',
  '⏭️ {{0}} skipped servers stay on their host: that host is not declared empty, so the drain stops at it (as at any host not empty) until you move them and press Continue, or press Skip host.':
    '⏭️ {{0}} 台被跳过的云主机留在它们的节点上：该节点不会被视为已清空，因此排空会在该节点停下（与任何未清空的节点一样），直到你迁走它们并按“继续处理”，或按“跳过节点”。',
  '⏭️ {{0}} skipped servers stay on their {{1}} hosts: those hosts are not declared empty, so the drain stops at each (as at any host not empty) until you move their servers and press Continue, or press Skip host.':
    '⏭️ {{0}} 台被跳过的云主机留在各自的 {{1}} 个节点上：这些节点不会被视为已清空，因此排空会在每个这样的节点停下（与任何未清空的节点一样），直到你迁走其上的云主机并按“继续处理”，或按“跳过节点”。',
  'Already disabled before the drain: {{0}}. It is emptied in its turn and left disabled afterwards; it takes no servers meanwhile.':
    '排空前已被禁用：{{0}}。轮到它时会被清空，之后保持禁用；期间不接收云主机。',
  'Already disabled before the drain, with no server on it: {{0}}. There is nothing to empty there; it is left disabled as found and takes no servers.':
    '排空前已被禁用且其上没有云主机：{{0}}。那里没有需要清空的；它保持原样禁用，不接收云主机。',
  '🏁 *Drain finished*{{0}}: all {{1}} hosts done': '🏁 *排空完成*{{0}}：全部 {{1}} 个节点已完成',
  '🏁 *Drain finished*{{0}}: its one host, {{1}}, is done': '🏁 *排空完成*{{0}}：唯一的节点 {{1}} 已完成',
  '1 host skipped': '1 个节点被跳过',
  '{{0}} hosts skipped': '{{0}} 个节点被跳过',
  'Resume to be pressed': '按“恢复”',
  'not moved': '未迁移',
  'not started: {{0}}': '未开始：{{0}}',
  '🚫 *Rejected* by {{0}} at {{1}}: {{2}}': '🚫 {{0}} 于 {{1}} *拒绝*：{{2}}',
  '🚫 *Rejected* by {{0}} at {{1}}': '🚫 {{0}} 于 {{1}} *拒绝*',
  '1 server': '1 台云主机',
  '{{0}} servers': '{{0}} 台云主机',
  '1 host': '1 个节点',
  '{{0}} hosts': '{{0}} 个节点',
  '1 check': '1 项检查',
  '{{0}} checks': '{{0}} 项检查',
  '1 warning': '1 个警告',
  '{{0}} warnings': '{{0}} 个警告',
  '1 request': '1 个请求',
  '{{0}} requests': '{{0}} 个请求',
  '1 member': '1 个成员',
  '{{0}} members': '{{0}} 个成员',
  '1 more section': '另有 1 个部分',
  '{{0}} more sections': '另有 {{0}} 个部分',
  ' and 1 more host': ' 以及另外 1 个节点',
  ' and {{0}} more hosts': ' 以及另外 {{0}} 个节点',
  'Its one server cannot move while nova-compute on {{0}} is down, whatever the room.':
    '{{0}} 上的 nova-compute 宕机期间，其上唯一的云主机无法迁移，与空间无关。',
  'Its one server can move.': '其上唯一的云主机可以迁移。',
  'Its one server cannot move (listed with the reason).': '其上唯一的云主机不能迁移（已列出原因）。',
  'None of the {{0}} servers can move while nova-compute on {{1}} is down, whatever the room ({{2}} would have it).':
    '{{1}} 上的 nova-compute 宕机期间，{{0}} 台云主机都无法迁移，与空间无关（其中 {{2}} 台本有空间）。',
  '{{0}} of {{1}} servers can move; {{2}} cannot (listed with the reason).':
    '{{1}} 台云主机中 {{0}} 台可以迁移；{{2}} 台不能（已列出原因）。',
  '{{0}} of {{1}} servers can move.': '{{1}} 台云主机中 {{0}} 台可以迁移。',
  '1 server has no room on the hosts still in service': '仍在服务的节点上没有空间容纳 1 台云主机',
  '{{0}} servers have no room on the hosts still in service': '仍在服务的节点上没有空间容纳 {{0}} 台云主机',
  'the hosts still in service cannot take {{0}} ({{1}})': '仍在服务的节点无法接收 {{0}}（{{1}}）',
  'Steps {{0}} do not fit: {{1}}.': '第 {{0}} 步放不下：{{1}}。',
  'Step {{0}} does not fit: {{1}}.': '第 {{0}} 步放不下：{{1}}。',
  'The one server on {{0}} cannot move while nova-compute there is down, whatever the room.':
    '{{0}} 上的 nova-compute 宕机期间，其上唯一的云主机无法迁移，无论空间是否足够。',
  'None of the {{0}} servers on {{1}} can move while nova-compute there is down, whatever the room.':
    '{{1}} 上的 nova-compute 宕机期间，其上的 {{0}} 台云主机都无法迁移，无论空间是否足够。',
  '1 server cannot move at all (listed): its host cannot be emptied.':
    '1 台云主机完全无法迁移（已列出）：它所在的计算节点无法清空。',
  '{{0}} servers cannot move at all (listed): their hosts cannot be emptied.':
    '{{0}} 台云主机完全无法迁移（已列出）：它们所在的计算节点无法清空。',
  'Every step fits: {{0}} on {{1}}, {{2}}.': '每一步都可行：{{1}}上共 {{0}}，{{2}}。',
  'The one server that left {{0}} is on it already: nothing to move back.':
    '离开 {{0}} 的那台云主机已经在它上面：没有要迁回的。',
  'All {{0}} servers that left {{1}} are on it already: nothing to move back.':
    '离开 {{1}} 的 {{0}} 台云主机都已经在它上面：没有要迁回的。',
  'The one server that left {{0}} cannot go back (listed with the reason).':
    '离开 {{0}} 的那台云主机不能迁回（已列出原因）。',
  'None of the {{0}} servers that left {{1}} can go back (listed with the reason).':
    '离开 {{1}} 的 {{0}} 台云主机都不能迁回（已列出原因）。',
  'The one server that left goes back to {{0}}.': '离开的那台云主机迁回 {{0}}。',
  '{{0}} of {{1}} servers that left go back to {{2}}{{3}}{{4}}.':
    '离开的 {{1}} 台云主机中 {{0}} 台迁回 {{2}}{{3}}{{4}}。',
  'one host at a time': '每次 1 个节点',
  '{{0}} hosts at a time': '每次 {{0}} 个节点',
  'one move at a time': '每次 1 个迁移',
  '{{0}} moves at a time': '每次 {{0}} 个迁移',
  '*{{0}}* {{1}}: <@{{2}}> asks to drain {{3}}{{4}}, {{5}}, up to {{6}} at once per host; servers {{7}}{{8}}.':
    '*{{0}}* {{1}}：<@{{2}}> 申请排空 {{3}}{{4}}，{{5}}，每个节点最多同时 {{6}}；云主机{{7}}{{8}}。',
  '{{0}} of hosts drained · step {{1}} of {{2}} · {{3}} of {{4}} finished{{5}} · {{6}} moved off{{7}}{{8}}{{9}} · {{10}}{{11}}':
    '{{0}}（已排空的节点占比）· 第 {{1}} / {{2}} 步 · {{4}}中 {{3}} 个结束{{5}} · 迁出 {{6}}{{7}}{{8}}{{9}} · {{10}}{{11}}',
  '…{{0}}.': '…{{0}}。',
  'Drain {{0}}: {{1}}, {{2}}': '排空 {{0}}：{{1}}，{{2}}',
  '; the one server leaving cannot go back (the plan says why)':
    '；迁出的那台云主机不能迁回（计划中写明原因）',
  '; none of their {{0}} servers can go back (the plan says why)':
    '；它们的 {{0}} 台云主机都不能迁回（计划中写明原因）',
  "⚠️ 1 plan warning, listed in the drain's message.": '⚠️ 计划有 1 条警告，列在排空消息中。',
  "⚠️ {{0}} plan warnings, listed in the drain's message.": '⚠️ 计划有 {{0}} 条警告，列在排空消息中。',
  'Disable, empty and reboot {{0}}{{1}}, {{2}}{{3}}.': '禁用、清空并重启 {{0}}{{1}}，{{2}}{{3}}。',
  'Disable and empty {{0}}, {{1}}{{2}}.': '禁用并清空 {{0}}，{{1}}{{2}}。',
  '{{0}} of {{1}} done{{2}}': '{{1}}中 {{0}} 个已完成{{2}}',
  '{{0}} {{1}}{{2}} · {{3}}/{{4}} done{{5}} · asked by <@{{6}}> at {{7}}':
    '{{0}} {{1}}{{2}} · {{3}}/{{4}}已完成{{5}} · <@{{6}}> 于 {{7}} 申请',
  '*Step {{0}}* · {{1}} · {{2}}: {{3}} · {{4}}': '*第 {{0}} 步* · {{1}} · {{2}}：{{3}} · {{4}}',
  '   🛑 the one server on {{0}} cannot move: nova-compute on it is down, and a live or cold migration needs it running':
    '   🛑 {{0}} 上唯一的云主机无法迁移：它上面的 nova-compute 宕机，而热迁移或冷迁移都需要它运行',
  '   🛑 none of the {{0}} servers on {{1}} can move: nova-compute on it is down, and a live or cold migration needs it running':
    '   🛑 {{1}} 上的 {{0}} 台云主机都无法迁移：它上面的 nova-compute 宕机，而热迁移或冷迁移都需要它运行',
  '*Drain plan* asked by <@{{0}}>: {{1}}{{2}}, {{3}}, up to {{4}} at once per host; servers {{5}}.':
    '*排空计划*，由 <@{{0}}> 申请：{{1}}{{2}}，{{3}}，每个节点最多同时 {{4}}；云主机{{5}}。',
  ' of zone {{0}} and aggregate {{1}}': '（可用区 {{0}}，主机聚合 {{1}}）',
  '… 1 more section of this plan does not fit in one Slack message.':
    '… 该计划另有 1 段放不进一条 Slack 消息。',
  '… {{0}} more sections of this plan do not fit in one Slack message.':
    '… 该计划另有 {{0}} 段放不进一条 Slack 消息。',
  'Drain plan: {{0}}, its one step fits': '排空计划：{{0}}，唯一的一步可行',
  'Drain plan: {{0}}, its one step does not fit': '排空计划：{{0}}，唯一的一步不可行',
  'Drain plan: {{0}}, {{1}} of {{2}} steps fit': '排空计划：{{0}}，{{2}} 步中 {{1}} 步可行',
  'stay where they go: the one that leaves cannot go back (the plan says why)':
    '留在迁去的地方：迁出的那台不能迁回（计划中写明原因）',
  '1 move': '1 个迁移',
  '{{0}} moves': '{{0}} 个迁移',
  'still watching the move under way': '仍在监视进行中的那个迁移',
  'still watching the {{0}} moves under way': '仍在监视进行中的 {{0}} 个迁移',
  'Cannot reach Nova since {{0}}; {{1}}': '自 {{0}} 起无法连接 Nova；{{1}}',
  'Nova is not available since {{0}} ({{1}}); {{2}}': '自 {{0}} 起 Nova 不可用（{{1}}）；{{2}}',
  'Nova is not available since {{0}} (it answers {{1}}); {{2}}':
    '自 {{0}} 起 Nova 不可用（应答 {{1}}）；{{2}}',
  "Nova fails Ferry's reads since {{0}} (it answers {{1}}); {{2}}":
    '自 {{0}} 起 Nova 对 Ferry 的读取请求返回错误（应答 {{1}}）；{{2}}',
  'Nova answers again (failing since {{0}}, for {{1}}); {{2}}':
    'Nova 已恢复应答（自 {{0}} 起请求失败，持续 {{1}}）；{{2}}',
  'waits for its server group "{{0}}", which lets one member move at a time: {{1}} in flight now':
    '等待其云主机组“{{0}}”：该组同时只允许 1 个成员迁移，当前进行中：{{1}}',
  'waits for its server group "{{0}}", which lets {{1}} members move at once: {{2}} in flight now':
    '等待其云主机组“{{0}}”：该组同时只允许 {{1}} 个成员迁移，当前进行中：{{2}}',
  '{{0}} (of {{1}} asked: 1 destination host, taking at most {{2}} at once)':
    '{{0}}（申请的是 {{1}} 个：只有 1 个目的物理主机，它同时最多接收 {{2}}）',
  '{{0}} (of {{1}} asked: {{2}} destination hosts, each taking at most {{3}} at once)':
    '{{0}}（申请的是 {{1}} 个：{{2}} 个目的物理主机，每个同时最多接收 {{3}}）',
  '*Move back* {{0}}: <@{{1}}> moves the servers evacuation {{2}} took off {{3}} back onto it — {{4}} of {{5}}, {{6}}':
    '*迁回* {{0}}：<@{{1}}> 把疏散 {{2}} 从 {{3}} 迁走的云主机迁回 — {{5}}中的 {{4}} 台，{{6}}',
  '*Evacuation* {{0}}: drain {{1}} empties {{2}} — {{3}}, {{4}} movable, {{5}}, at most {{6}} per destination':
    '*疏散* {{0}}：排空 {{1}} 正在清空 {{2}} — {{3}}，{{4}} 台可迁移，{{5}}，每个目的物理主机最多 {{6}}',
  '*{{0}}* {{1}}: <@{{2}}> asks to empty {{3}}{{4}} — {{5}}, {{6}} movable, {{7}}, at most {{8}} per destination{{9}}':
    '*{{0}}* {{1}}：<@{{2}}> 申请清空 {{3}}{{4}} — {{5}}，{{6}} 台可迁移，{{7}}，每个目的物理主机最多 {{8}}{{9}}',
  'Move {{0}} back onto {{1}}, {{2}}. nova-compute there stays as it is.':
    '将 {{0}}迁回 {{1}}，{{2}}。那里的 nova-compute 保持原状。',
  'Move {{0}} off {{1}}, {{2}}. nova-compute there is disabled already and stays so.':
    '从 {{1}} 迁走 {{0}}，{{2}}。那里的 nova-compute 已被禁用，并保持禁用。',
  'Disable nova-compute on {{0}} and move {{1}}, {{2}}.':
    '禁用 {{0}} 上的 nova-compute，并迁移 {{1}}，{{2}}。',
  'the hosts with room rule it out: {{0}}; and 1 more host':
    '有空间的节点都不适合它：{{0}}；以及另外 1 个节点',
  'the hosts with room rule it out: {{0}}; and {{1}} more hosts':
    '有空间的节点都不适合它：{{0}}；以及另外 {{1}} 个节点',
  'its one server cannot move.': '其上唯一的云主机无法迁移。',
  'none of the {{0}} servers on it can move.': '其上 {{0}} 台云主机都无法迁移。',
  '{{0}} of {{1}} on it can move': '其上 {{1}}中 {{0}} 台可以迁移',
  '1 stays as the plan skipped it: {{0}}': '1 台按计划跳过，留在原处：{{0}}',
  'Ferry looked at {{0}} again after a restart and found {{1}} on it':
    'Ferry 重启后再次查看 {{0}}，发现上面有 {{1}}',
  '{{0}} came onto {{1}} while it waited for its maintenance': '{{1}} 等待维护期间有 {{0}}迁入',
  'nothing moved back: the one server that left {{0}} cannot go back (the drain report says why)':
    '没有迁回任何云主机：离开 {{0}} 的那台云主机不能迁回（排空报告中写明原因）',
  'nothing moved back: none of the {{0}} servers that left {{1}} can go back (the drain report says why)':
    '没有迁回任何云主机：离开 {{1}} 的 {{0}} 台云主机都不能迁回（排空报告中写明原因）',
  'nothing moved back: the one server that left {{0}} had only passed through it (an earlier step of the drain moved it there), so it does not go home to it':
    '没有迁回任何云主机：离开 {{0}} 的那台云主机只是途经它（由排空的前一步迁到那里），所以不以它为家迁回',
  'nothing moved back: the {{0}} servers that left {{1}} had only passed through it (an earlier step of the drain moved them there), so none goes home to it':
    '没有迁回任何云主机：离开 {{1}} 的 {{0}} 台云主机只是途经它（由排空的前一步迁到那里），所以没有一台以它为家迁回',
  "Its one server that left it stays where it went: a skipped host's servers are not moved home.":
    '已离开它的那台云主机留在去往的地方：被跳过节点的云主机不会迁回。',
  "Its {{0}} servers that left it stay where they went: a skipped host's servers are not moved home.":
    '已离开它的 {{0}} 台云主机留在去往的地方：被跳过节点的云主机不会迁回。',
  'On-call can move {{0}} of its {{1}} back: live where they can, cold only those that left cold or are stopped. {{2}} cannot (listed with the reason):':
    '值班人员可以把它的 {{1}}中的 {{0}} 台迁回：能热迁移的热迁移，只有冷迁移离开的或已停止的才冷迁移。{{2}} 台不能迁回（下面列出原因）：',
  'On-call can move its one server back: live if it can, cold only if it left cold or is stopped.':
    '值班人员可以把它的那台云主机迁回：能热迁移就热迁移，只有它是冷迁移离开的或已停止时才冷迁移。',
  'On-call can move its {{0}} servers back: live where they can, cold only those that left cold or are stopped.':
    '值班人员可以把它的 {{0}} 台云主机迁回：能热迁移的热迁移，只有冷迁移离开的或已停止的才冷迁移。',
  'After the maintenance, with {{0}} enabled again, on-call can move {{1}} of its {{2}} back: live where they can, cold only those that left cold or are stopped. {{3}} cannot (listed with the reason):':
    '维护完成、{{0}} 重新启用后，值班人员可以把它的 {{2}}中的 {{1}} 台迁回：能热迁移的热迁移，只有冷迁移离开的或已停止的才冷迁移。{{3}} 台不能迁回（下面列出原因）：',
  'After the maintenance, with {{0}} enabled again, on-call can move its one server back: live if it can, cold only if it left cold or is stopped.':
    '维护完成、{{0}} 重新启用后，值班人员可以把它的那台云主机迁回：能热迁移就热迁移，只有它是冷迁移离开的或已停止时才冷迁移。',
  'After the maintenance, with {{0}} enabled again, on-call can move its {{1}} servers back: live where they can, cold only those that left cold or are stopped.':
    '维护完成、{{0}} 重新启用后，值班人员可以把它的 {{1}} 台云主机迁回：能热迁移的热迁移，只有冷迁移离开的或已停止的才冷迁移。',
  'The one server that left {{0}} cannot go back, so Ferry offers no move back (listed with the reason):':
    '离开 {{0}} 的那台云主机不能迁回，所以 Ferry 不提供迁回（下面列出原因）：',
  'None of the {{0}} servers that left {{1}} can go back, so Ferry offers no move back (listed with the reason):':
    '离开 {{1}} 的 {{0}} 台云主机都不能迁回，所以 Ferry 不提供迁回（下面列出原因）：',
  ', moves {{0}} of its {{1}} back ({{2}} cannot, listed with the reason)':
    '，把它的 {{1}}中的 {{0}} 台迁回（{{2}} 台不能迁回，下面列出原因）',
  ' (its one server cannot go back, listed with the reason)': '（它的那台云主机不能迁回，下面列出原因）',
  ' (none of its {{0}} servers can go back, listed with the reason)':
    '（它的 {{0}} 台云主机都不能迁回，下面列出原因）',
  ' and moves {{0}} of its {{1}} back': '，并把它的 {{1}}中的 {{0}} 台迁回',
  '*Drain report* {{0}}: {{1}} of {{2}} done, {{3}} moved off{{4}}{{5}}{{6}}{{7}}. Requested by <@{{8}}>, approved by <@{{9}}>{{10}}{{11}}.':
    '*排空报告* {{0}}：{{2}}中 {{1}} 个完成，迁出 {{3}}{{4}}{{5}}{{6}}{{7}}。申请人 <@{{8}}>，审批人 <@{{9}}>{{10}}{{11}}。',
  "… 1 more section does not fit in one Slack message; each host's evacuation thread lists its servers.":
    '… 另有 1 段放不进一条 Slack 消息；每个节点的疏散消息串列出了它的云主机。',
  "… {{0}} more sections do not fit in one Slack message; each host's evacuation thread lists its servers.":
    '… 另有 {{0}} 段放不进一条 Slack 消息；每个节点的疏散消息串列出了它的云主机。',
  '{{0}} drain waits for {{1}} in its thread · {{2}}/{{3}} done · asked by <@{{4}}>{{5}}':
    '{{0}} 排空在其消息串中等待{{1}} · {{2}}/{{3}}已完成 · 由 <@{{4}}> 申请{{5}}',
  'drain {{0}}, {{1}}': '排空 {{0}}，{{1}}',
  'Circuit breaker: 1 host failing its reboot pauses the drain.': '熔断：1 个节点重启失败即暂停本次排空。',
  'Circuit breaker: {{0}} hosts failing their reboot pause the drain.':
    '熔断：{{0}} 个节点重启失败即暂停本次排空。',
  ' · ⛔ circuit breaker: {{0}} failed ({{1}}), the drain is paused':
    ' · ⛔ 熔断：{{0}}失败（{{1}}），排空已暂停',
  ' · the circuit breaker tripped earlier: {{0}} failed ({{1}})': ' · 熔断此前已触发：{{0}}失败（{{1}}）',
  '🔁 Reboots{{0}}, at most {{1}}{{2}}': '🔁 重启{{0}}，最多 {{1}}{{2}}',
  '⛔ Circuit breaker: 1 host failed its reboot ({{0}}; at most {{1}}). The drain is paused: Resume once it is dealt with, or Stop.':
    '⛔ 熔断：1 个节点重启失败（{{0}}；上限 {{1}}）。排空已暂停：处理完毕后按“恢复”，或按“停止”。',
  '⛔ Circuit breaker: {{0}} hosts failed their reboot ({{1}}; at most {{2}}). The drain is paused: Resume once they are dealt with, or Stop.':
    '⛔ 熔断：{{0}} 个节点重启失败（{{1}}；上限 {{2}}）。排空已暂停：处理完毕后按“恢复”，或按“停止”。',
  '⏸️ *Paused* by Ferry: 1 host failed its reboot (circuit breaker): moves in flight finish, nothing new starts · {{0}}':
    '⏸️ 由 Ferry *暂停*：1 个节点重启失败（熔断）：进行中的迁移会完成，不会开始新的 · {{0}}',
  '⏸️ *Paused* by Ferry: {{0}} hosts failed their reboot (circuit breaker): moves in flight finish, nothing new starts · {{1}}':
    '⏸️ 由 Ferry *暂停*：{{0}} 个节点重启失败（熔断）：进行中的迁移会完成，不会开始新的 · {{1}}',
  '1 failure': '1 个失败',
  '{{0}} failures': '{{0}} 个失败',
  '1 active migration': '1 个进行中的迁移',
  '{{0}} active migrations': '{{0}} 个进行中的迁移',
  '1 finding that matters for a {{0}} migration: {{1}}': '与{{0}}相关的 1 个问题：{{1}}',
  '{{0}} findings that matter for a {{1}} migration; first: {{2}}':
    '与{{1}}相关的 {{0}} 个问题；第一个：{{2}}',
  '1 host can take {{0}} ({{1}}): {{2}}.': '1 个节点可以容纳 {{0}}（{{1}}）：{{2}}。',
  '{{0}} hosts can take {{1}} ({{2}}); most room: {{3}}.':
    '{{0}} 个节点可以容纳 {{1}}（{{2}}）；空间最多：{{3}}。',
  '; {{0}} and 1 more host too old': '；{{0}}，另有 1 个节点版本过旧',
  '; {{0}} and {{1}} more hosts too old': '；{{0}}，另有 {{1}} 个节点版本过旧',
  'Nova: {{0}}, behind 1 other live migration from {{1}}: nova-compute runs max_concurrent_live_migrations at a time per host':
    'Nova：{{0}}，排在 {{1}} 上另外 1 个热迁移之后：nova-compute 在每个节点上同时只运行 max_concurrent_live_migrations 个',
  'Nova: {{0}}, behind {{1}} other live migrations from {{2}}: nova-compute runs max_concurrent_live_migrations at a time per host':
    'Nova：{{0}}，排在 {{2}} 上另外 {{1}} 个热迁移之后：nova-compute 在每个节点上同时只运行 max_concurrent_live_migrations 个',
  "Restored the console's channel: 1 message from before the restart.":
    '已恢复控制台的频道：重启前的 1 条消息。',
  "Restored the console's channel: {{0}} messages from before the restart.":
    '已恢复控制台的频道：重启前的 {{0}} 条消息。',
  'The SSH host check passes every move the plan may make (1 pair of hosts) for live and cold moves.':
    'SSH 节点检查通过了计划可能进行的每一次迁移（1 对节点），热迁移和冷迁移均可。',
  'The SSH host check passes every move the plan may make ({{0}} pairs of hosts) for live and cold moves.':
    'SSH 节点检查通过了计划可能进行的每一次迁移（{{0}} 对节点），热迁移和冷迁移均可。',
  'the next request answers {{0}}': '下一个请求将返回 {{0}}',
  'the next request to paths containing {{0}} answers {{1}}': '下一个路径包含 {{0}} 的请求将返回 {{1}}',
  'the next request{{0}} is carried out, then the answer is {{1}}': '下一个请求{{0}}会被执行，然后应答{{1}}',
  'the next {{0}} request{{1}} is carried out, then the answer is {{2}}':
    '下一个 {{0}} 请求{{1}}会被执行，然后应答{{2}}',
  'the next {{0}} requests': '接下来 {{0}} 个请求',
  'the next {{0}} {{1}} requests': '接下来 {{0}} 个 {{1}} 请求',
  'the next {{0}} requests answer {{1}}': '接下来 {{0}} 个请求将返回 {{1}}',
  'the next {{0}} requests to paths containing {{1}} answer {{2}}':
    '接下来 {{0}} 个路径包含 {{1}} 的请求将返回 {{2}}',
  'Waiting for a person: {{0}} waits for Confirm or Revert.':
    '等待人工操作：{{0}}正在等待有人按“确认”或“回退”。',
  'Waiting for a person: {{0}} wait for Confirm or Revert.':
    '等待人工操作：{{0}}正在等待有人按“确认”或“回退”。',
  '❌ *Blocked*: {{0}} failed; what to do is under each.': '❌ *受阻*：{{0}}未通过；修正方法写在每项下面。',
  '❌ *Blocked*: {{0}} failed; each says why.': '❌ *受阻*：{{0}}未通过；每项都说明了原因。',
  '🔒 1 security finding left out here: it was sent to <@{{0}}> privately.':
    '🔒 此处省略了 1 个安全问题：已私下发送给 <@{{0}}>。',
  '🔒 {{0}} security findings left out here: they were sent to <@{{1}}> privately.':
    '🔒 此处省略了 {{0}} 个安全问题：已私下发送给 <@{{1}}>。',
  '{{0}}, {{1}}. Results are cached for five minutes and reused by /migrate.':
    '{{0}}，{{1}}。结果缓存五分钟，/migrate 会复用。',
  'Host check of {{0}}: {{1}}, {{2}}': '{{0}} 的节点检查：{{1}}，{{2}}',
  '{{0}} failed': '{{0}}未通过',
  '1 server still on {{0}}; it cannot be live-migrated (stopped, locked or nowhere to go).':
    '{{0}} 上仍有 1 台云主机；它不能热迁移（已停止、被锁定或无处可去）。',
  '1 server still on {{0}}; it can be live-migrated.': '{{0}} 上仍有 1 台云主机；它可以热迁移。',
  '{{0}} servers still on {{1}}; {{2}} of them cannot be live-migrated (stopped, locked or nowhere to go).':
    '{{1}} 上仍有 {{0}} 台云主机；其中 {{2}} 台不能热迁移（已停止、被锁定或无处可去）。',
  'Maintenance digest: {{0}} upcoming, {{1}} still disabled': '维护摘要：{{0}} 个即将进行，{{1}}仍被禁用',
  '{{0}} ended': '{{0}}已结束',
  "The re-check before the start failed: {{0}} failed, each shown with what to do on the request's message. Nothing was started.":
    '开始前的重新检查未通过：{{0}}未通过，每项的修正方法都写在申请消息上。没有启动任何迁移。',
  '⏭️ On-call skipped {{0}}.': '⏭️ 值班人员跳过了 {{0}}。',
};
