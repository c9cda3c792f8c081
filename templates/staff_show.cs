<?cs def:content() ?>
<section class="card wide">
  <p><a href="/staff">All staff</a></p>
  <h1><?cs var:Staff.Name ?></h1>
<?cs if:Page.Notice ?>
  <p class="notice" role="status"><?cs var:Page.Notice ?></p>
<?cs /if ?>
  <dl class="facts">
    <dt>Email</dt><dd><?cs var:Staff.Email ?></dd>
    <dt>Group in this store</dt><dd><?cs var:Staff.Group ?></dd>
    <dt>Status</dt><dd><?cs if:Staff.Disabled == "1" ?><span class="badge off">Disabled</span><?cs else ?><span class="badge">Enabled</span><?cs /if ?></dd>
    <dt>Password</dt><dd><?cs if:Staff.MustChange == "1" ?>Temporary: must be changed at the next sign-in<?cs else ?>Chosen by them<?cs /if ?></dd>
    <dt>Manager code</dt><dd><?cs if:Staff.ManagerCode == "1" ?>Set<?cs else ?>Not set<?cs /if ?></dd>
  </dl>
<?cs if:Actions.Disable || Actions.Enable || Actions.Password || Actions.Remove ?>
  <div class="actions">
<?cs if:Actions.Disable ?>
    <a class="button" href="/staff/<?cs var:Staff.Id ?>/disable">Disable</a>
<?cs /if ?>
<?cs if:Actions.Enable ?>
    <a class="button" href="/staff/<?cs var:Staff.Id ?>/enable">Enable</a>
<?cs /if ?>
<?cs if:Actions.Password ?>
    <a class="button" href="/staff/<?cs var:Staff.Id ?>/password">Reset password</a>
<?cs /if ?>
<?cs if:Actions.Remove ?>
    <a class="button" href="/staff/<?cs var:Staff.Id ?>/remove">Remove from this store</a>
<?cs /if ?>
  </div>
<?cs /if ?>
<?cs if:Staff.Self ?>
  <p class="hint">This is you: your password and manager code are on <a href="/profile/password">your profile</a>.</p>
<?cs /if ?>
  <h2>Edit</h2>
  <form method="post" action="/staff/<?cs var:Staff.Id ?>" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
    <label for="name">Name</label>
    <input id="name" name="name" type="text" maxlength="200" required value="<?cs var:Form.Name ?>"<?cs if:Errors.name ?> aria-invalid="true" aria-describedby="name-error"<?cs /if ?>>
<?cs if:Errors.name ?>
    <p class="field-error" id="name-error"><?cs var:Errors.name ?></p>
<?cs /if ?>
    <label for="group_id">User group in this store</label>
    <select id="group_id" name="group_id" required<?cs if:Errors.group_id ?> aria-invalid="true" aria-describedby="group_id-error"<?cs /if ?>>
      <option value="">Choose…</option>
<?cs each:g = Groups ?>
      <option value="<?cs var:g.Id ?>"<?cs if:g.Id == Form.GroupId ?> selected<?cs /if ?>><?cs var:g.Name ?></option>
<?cs /each ?>
    </select>
<?cs if:Errors.group_id ?>
    <p class="field-error" id="group_id-error"><?cs var:Errors.group_id ?></p>
<?cs /if ?>
<?cs include:"approval.cs" ?>
    <button type="submit">Save changes</button>
  </form>
</section>
<?cs /def ?>
